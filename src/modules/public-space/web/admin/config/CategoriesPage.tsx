import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { adminApi, paths, type AdminCategory } from '../../api';
import { TableWrap } from '@web/components/TableWrap';
import { ConfigNav } from './ConfigNav';
import '../../public-space.css';

/** `/admin/signalements/categories`: every category (Open311 service) as a tree, with its flags, routing and open reports. */
export function CategoriesPage() {
  const { t, i18n } = useTranslation('public-space');
  const categories = useResource(() => adminApi.categories(), []);
  const teams = useResource(() => adminApi.teams(), []);
  const teamName = useMemo(() => new Map((teams.data?.items ?? []).map((x) => [x.id, x.name])), [teams.data]);
  const rows = useMemo(() => treeOrder(categories.data?.items ?? []), [categories.data]);
  const nameOf = (c: AdminCategory) => (i18n.language === 'en' && c.nameEn ? c.nameEn : c.nameFr);

  return (
    <Page title={t('categories.title')} lead={<p>{t('categories.intro')}</p>} className="ps-page ps-admin">
      <ConfigNav />
      <p>
        <Link to={paths.admin.newCategory} className="button button-primary">
          {t('categories.new')}
        </Link>
      </p>
      {categories.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, categories.error)}
        </p>
      ) : null}
      {!categories.data && !categories.error ? <Loading /> : null}
      {categories.data ? (
        <TableWrap label={t('categories.caption')}>
          <table className="table table-stack" data-testid="categories-table">
            <caption className="visually-hidden">{t('categories.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('categories.name')}</th>
                <th scope="col">{t('categories.code')}</th>
                <th scope="col">{t('categories.flags')}</th>
                <th scope="col">{t('categories.routing')}</th>
                <th scope="col">{t('categories.defaultPriority')}</th>
                <th scope="col">{t('categories.openReports')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ category: c, depth }) => (
                <tr key={c.code}>
                  <th scope="row">
                    <span className={depth > 0 ? 'ps-child-name' : undefined}>
                      <Link to={paths.admin.category(c.code)} aria-label={t('categories.editLabel', { name: nameOf(c) })}>
                        {nameOf(c)}
                      </Link>
                    </span>
                    {!c.active ? <span className="tag tag-muted ps-demo">{t('categories.inactive')}</span> : null}
                  </th>
                  <td data-label={t('categories.code')}>
                    <code>{c.code}</code>
                  </td>
                  <td data-label={t('categories.flags')}>
                    {[
                      c.photoRequired ? t('categories.photoRequiredShort') : null,
                      c.anonymousAllowed ? t('categories.anonymousShort') : null,
                      c.attributes.length ? t('categories.questionsShort', { count: c.attributes.length }) : null,
                      c.responseTemplates.length ? t('categories.templatesShort', { count: c.responseTemplates.length }) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </td>
                  <td data-label={t('categories.routing')}>{c.routingTeamId ? (teamName.get(c.routingTeamId) ?? '—') : t('categories.noRouting')}</td>
                  <td data-label={t('categories.defaultPriority')}>{t(`priority.${c.defaultPriority}`)}</td>
                  <td data-label={t('categories.openReports')}>{c.openReports}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}

/** Parents first, each followed by its children (in the server's order), with their depth. */
function treeOrder(items: AdminCategory[]): { category: AdminCategory; depth: number }[] {
  const out: { category: AdminCategory; depth: number }[] = [];
  const codes = new Set(items.map((c) => c.code));
  const visit = (parent: string | null, depth: number) => {
    for (const c of items) {
      const p = c.parentCode && codes.has(c.parentCode) ? c.parentCode : null;
      if (p === parent && depth < 10) {
        out.push({ category: c, depth });
        visit(c.code, depth + 1);
      }
    }
  };
  visit(null, 0);
  return out;
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { paths, portalApi } from '../api';
import '../assemblies.css';

/** `/participation/assemblees`: the assemblies whose draw is announced or done. */
export function AssembliesPage() {
  const { t } = useTranslation('assemblies');
  const { data, error } = useResource(() => portalApi.list(), []);
  return (
    <Page title={t('portal.list.title')} lead={<p>{t('portal.list.intro')}</p>} className="as-page">
      {error ? <p role="alert">{problemMessage(t, error)}</p> : null}
      {!data && !error ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t('portal.list.none')}</p> : null}
      {data && data.items.length > 0 ? (
        <ul className="as-list" data-testid="assemblies">
          {data.items.map((a) => (
            <li key={a.id}>
              <Link to={paths.assembly(a.id)}>{a.title}</Link> — {t(a.status === 'drawn' ? 'portal.list.drawn' : 'portal.list.announced', { panel: a.panelSize, pool: a.poolSize })}
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRegister } from '../api/register';
import { providerText } from '../components/AiNotice';
import { Page } from '../components/Page';
import { useSite } from '../components/SiteContext';
import { TableWrap } from '../components/TableWrap';
import { currentLanguage } from '../i18n';
import { WEB_MODULES } from '../modules';
import { collect } from '../shell/web-module';
import { useAuth, useCurrentUser } from './AuthContext';

export function DashboardPage() {
  const { t } = useTranslation(['translation', ...WEB_MODULES.filter((m) => m.admin?.dashboard?.length).map((m) => m.name)]);
  const user = useCurrentUser();
  const { can } = useAuth();
  const { siteName } = useSite();
  const { data: register } = useRegister(true);
  const lang = currentLanguage();

  const cards = [
    { to: '/admin/utilisateurs', title: t('admin.nav.users'), text: t('dashboard.cards.users'), show: can('users.manage') },
    { to: '/admin/audit', title: t('admin.nav.audit'), text: t('dashboard.cards.audit'), show: can('audit.read') },
    { to: '/admin/parametres', title: t('admin.nav.settings'), text: t('dashboard.cards.settings'), show: can('settings.manage') },
    ...collect(WEB_MODULES, (m) => m.admin?.dashboard).map((c) => ({
      to: c.to,
      title: t(c.label, { ns: c.ns }),
      text: t(c.text, { ns: c.ns }),
      show: !c.permission || can(c.permission),
    })),
    { to: '/transparence', title: t('footer.transparency'), text: t('dashboard.cards.transparency'), show: true },
  ].filter((c) => c.show);

  return (
    <Page title={t('dashboard.title')} lead={<p>{t('dashboard.greeting', { name: user.displayName, site: siteName })}</p>}>
      <ul className="card-grid">
        {cards.map((c) => (
          <li key={c.to}>
            <Link to={c.to} className="nav-card">
              <span className="nav-card-title">{c.title}</span>
              <span className="nav-card-text">{c.text}</span>
            </Link>
          </li>
        ))}
      </ul>
      {register && (
        <section aria-labelledby="dashboard-algorithms" className="section">
          <h2 id="dashboard-algorithms">{t('dashboard.algorithmsTitle')}</h2>
          {register.entries.length === 0 ? (
            <p>{t('register.empty')}</p>
          ) : (
            <TableWrap label={t('dashboard.algorithmsTable')}>
              <table className="table">
                <caption className="visually-hidden">{t('dashboard.algorithmsTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.algorithm')}</th>
                    <th scope="col">{t('register.fields.provider')}</th>
                    <th scope="col">{t('dashboard.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {register.entries.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <Link to={`/transparence#${e.id}`}>{e.name[lang]}</Link>
                      </td>
                      <td>{providerText(e.provider, t)}</td>
                      <td>{t(`register.status.${e.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </section>
      )}
    </Page>
  );
}

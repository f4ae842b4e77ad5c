import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { TerritoryView as TerritoryResponse } from '../../modules/territory/api-schemas';
import type { Organisation } from '../../platform/settings/api-schemas';

interface Site {
  /** The commune's name as residents know it: the territory's, else the organisation's. */
  siteName: string;
  organisation: Organisation | null;
  territory: TerritoryResponse | null;
  loaded: boolean;
  refreshOrganisation(): void;
}

const SiteContext = createContext<Site>({
  siteName: '',
  organisation: null,
  territory: null,
  loaded: false,
  refreshOrganisation: () => {},
});

export function SiteProvider({ children }: { children: ReactNode }) {
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [territory, setTerritory] = useState<TerritoryResponse | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [orgVersion, setOrgVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void Promise.allSettled([
      api.get<Organisation>('/api/public/settings/organisation', { quietUnauthorized: true }),
      // The territory endpoint may not exist on every installation: the organisation name then stands in.
      api.get<TerritoryResponse>('/api/public/territory', { quietUnauthorized: true }),
    ]).then(([org, terr]) => {
      if (!live) return;
      if (org.status === 'fulfilled' && org.value && typeof org.value === 'object') setOrganisation(org.value);
      if (terr.status === 'fulfilled' && terr.value && typeof terr.value === 'object') setTerritory(terr.value);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [orgVersion]);

  const communeName = territory?.commune?.name ?? '';
  const siteName = communeName || organisation?.name || '';
  return (
    <SiteContext.Provider
      value={{ siteName, organisation, territory, loaded, refreshOrganisation: () => setOrgVersion((v) => v + 1) }}
    >
      {children}
    </SiteContext.Provider>
  );
}

export function useSite() {
  return useContext(SiteContext);
}

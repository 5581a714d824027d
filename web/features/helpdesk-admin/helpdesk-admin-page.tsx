import { Select, Tabs } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { IconCategory, IconClockHour4, IconKey, IconMessage2, IconUsersGroup, IconTable } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { CannedTab } from './canned-tab';
import { CategoriesTab } from './categories-tab';
import { GroupsTab } from './groups-tab';
import { PriorityTab } from './priority-tab';
import { tabsFor, type HelpdeskTab } from './queries';
import { SlaTab } from './sla-tab';
import { TokensTab } from './tokens-tab';

const route = getRouteApi('/_app/admin/help-desk');

const ICONS: Record<HelpdeskTab, ReactNode> = {
  categories: <IconCategory size={14} aria-hidden />,
  priorities: <IconTable size={14} aria-hidden />,
  sla: <IconClockHour4 size={14} aria-hidden />,
  groups: <IconUsersGroup size={14} aria-hidden />,
  canned: <IconMessage2 size={14} aria-hidden />,
  tokens: <IconKey size={14} aria-hidden />,
};

const PANELS: Record<HelpdeskTab, () => ReactNode> = {
  categories: CategoriesTab,
  priorities: PriorityTab,
  sla: SlaTab,
  groups: GroupsTab,
  canned: CannedTab,
  tokens: TokensTab,
};

/** /admin/help-desk: how tickets are handled, for provider admins; one tab per subject, in the address bar. */
export function HelpdeskAdminPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tabs = tabsFor(me);
  const active = search.tab && tabs.includes(search.tab) ? search.tab : tabs[0]!;
  const Panel = PANELS[active];
  const go = (tab: HelpdeskTab) => void navigate({ search: { tab }, replace: true });
  return (
    <Page title={t('helpdeskAdmin.title')} description={t('helpdeskAdmin.description')}>
      {/* Narrow screens pick the section from a list; wider ones get tabs that scroll rather than wrap. */}
      <Select
        hiddenFrom="sm"
        label={t('helpdeskAdmin.section')}
        data={tabs.map((tab) => ({ value: tab, label: t(`helpdeskAdmin.tabs.${tab}`) }))}
        value={active}
        onChange={(v) => v && go(v as HelpdeskTab)}
        allowDeselect={false}
      />
      <Tabs value={active} onChange={(v) => v && go(v as HelpdeskTab)} keepMounted={false}>
        <Tabs.List visibleFrom="sm" style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab} value={tab} leftSection={ICONS[tab]} style={{ flexShrink: 0 }}>
              {t(`helpdeskAdmin.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={active} pt="md">
          <Panel />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

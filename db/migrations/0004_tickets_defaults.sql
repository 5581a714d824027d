-- Defaults every installation needs before the first ticket: categories, SLA policies, settings.
-- Provider admins change them in the portal; this migration only runs once.
INSERT INTO "ticket_categories" ("id", "key", "names", "sort") VALUES
  ('01900000-0000-7000-8000-000000000001', 'power', '{"en":"Power","de":"Strom","nb":"Strøm","ru":"Электропитание"}', 10),
  ('01900000-0000-7000-8000-000000000002', 'cooling', '{"en":"Cooling","de":"Kühlung","nb":"Kjøling","ru":"Охлаждение"}', 20),
  ('01900000-0000-7000-8000-000000000003', 'network', '{"en":"Network","de":"Netzwerk","nb":"Nettverk","ru":"Сеть"}', 30),
  ('01900000-0000-7000-8000-000000000004', 'physical_security', '{"en":"Physical security","de":"Physische Sicherheit","nb":"Fysisk sikkerhet","ru":"Физическая безопасность"}', 40),
  ('01900000-0000-7000-8000-000000000005', 'hardware', '{"en":"Hardware","de":"Hardware","nb":"Maskinvare","ru":"Оборудование"}', 50),
  ('01900000-0000-7000-8000-000000000006', 'access', '{"en":"Access","de":"Zutritt","nb":"Adgang","ru":"Доступ"}', 60),
  ('01900000-0000-7000-8000-000000000007', 'portal', '{"en":"Portal","de":"Portal","nb":"Portal","ru":"Портал"}', 70),
  ('01900000-0000-7000-8000-000000000008', 'other', '{"en":"Other","de":"Sonstiges","nb":"Annet","ru":"Другое"}', 80);
--> statement-breakpoint
INSERT INTO "sla_policies" ("id", "name", "calendar", "targets", "is_default") VALUES
  ('01900000-0000-7000-8000-000000000101', 'Standard 24/7',
   '{"timeZone":"UTC","hours":{"0":[{"start":"00:00","end":"24:00"}],"1":[{"start":"00:00","end":"24:00"}],"2":[{"start":"00:00","end":"24:00"}],"3":[{"start":"00:00","end":"24:00"}],"4":[{"start":"00:00","end":"24:00"}],"5":[{"start":"00:00","end":"24:00"}],"6":[{"start":"00:00","end":"24:00"}]},"holidays":[]}',
   '{"P1":{"firstResponseMinutes":15,"resolutionMinutes":240},"P2":{"firstResponseMinutes":30,"resolutionMinutes":480},"P3":{"firstResponseMinutes":240,"resolutionMinutes":4320},"P4":{"firstResponseMinutes":480,"resolutionMinutes":7200}}',
   true),
  ('01900000-0000-7000-8000-000000000102', 'Business hours (Oslo)',
   '{"timeZone":"Europe/Oslo","hours":{"1":[{"start":"08:00","end":"17:00"}],"2":[{"start":"08:00","end":"17:00"}],"3":[{"start":"08:00","end":"17:00"}],"4":[{"start":"08:00","end":"17:00"}],"5":[{"start":"08:00","end":"17:00"}]},"holidays":["2026-12-24","2026-12-25","2026-12-26","2026-12-31","2027-01-01","2027-03-25","2027-03-26","2027-03-29","2027-05-06","2027-05-17","2027-12-24","2027-12-25","2027-12-26","2027-12-31"]}',
   '{"P1":{"firstResponseMinutes":30,"resolutionMinutes":480},"P2":{"firstResponseMinutes":60,"resolutionMinutes":960},"P3":{"firstResponseMinutes":240,"resolutionMinutes":2700},"P4":{"firstResponseMinutes":540,"resolutionMinutes":4500}}',
   false);
--> statement-breakpoint
INSERT INTO "ticket_settings" ("id", "priority_matrix", "reopen_days") VALUES
  (1, '{"blocker":{"organisation":"P1","many":"P1","few":"P2","one":"P2"},"critical":{"organisation":"P1","many":"P2","few":"P2","one":"P3"},"major":{"organisation":"P2","many":"P2","few":"P3","one":"P4"},"minor":{"organisation":"P2","many":"P3","few":"P4","one":"P4"}}', 7);

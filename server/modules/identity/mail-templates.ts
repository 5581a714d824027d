/** Texts of the mails identity sends, in the user's language (en is the source). */
export type MailLocale = 'en' | 'de' | 'nb' | 'ru';
type Template = { subject: string; body: string };
type Templates = Record<
  'invitation' | 'password_reset' | 'email_change' | 'security_notice' | 'account_exists',
  Template
>;

const en: Templates = {
  invitation: {
    subject: 'You are invited to the {{org}} customer portal',
    body: '{{inviter}} invited you to the customer portal of {{org}}.\n\nSet your password and your second factor here (the link is valid until {{expires}}):\n{{url}}\n\nIf you did not expect this, ignore this message.',
  },
  password_reset: {
    subject: 'Reset your Portico password',
    body: 'Someone asked to reset the password of your account.\n\nChoose a new password here (valid for one hour):\n{{url}}\n\nIf it was not you, ignore this message: your password stays as it is.',
  },
  email_change: {
    subject: 'Confirm your new e-mail address',
    body: 'Confirm that this address should be used for your Portico account:\n{{url}}\n\nUntil you confirm, your old address stays in use.',
  },
  security_notice: {
    subject: 'Security change on your Portico account',
    body: 'This change was made to your account: {{change}}\nTime: {{time}}\n\nIf it was not you, contact your administrator at once.',
  },
  account_exists: {
    subject: 'Portico invitation',
    body: 'Someone tried to invite this address to {{org}}, but it already has a Portico account. Nothing was changed. If you need access to that organisation, ask its administrator.',
  },
};

const de: Templates = {
  invitation: {
    subject: 'Einladung zum Kundenportal von {{org}}',
    body: '{{inviter}} hat Sie zum Kundenportal von {{org}} eingeladen.\n\nLegen Sie hier Ihr Passwort und Ihren zweiten Faktor fest (der Link gilt bis {{expires}}):\n{{url}}\n\nFalls Sie dies nicht erwartet haben, ignorieren Sie diese Nachricht.',
  },
  password_reset: {
    subject: 'Portico-Passwort zurücksetzen',
    body: 'Jemand hat das Zurücksetzen des Passworts Ihres Kontos angefordert.\n\nWählen Sie hier ein neues Passwort (eine Stunde gültig):\n{{url}}\n\nFalls Sie das nicht waren, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
  },
  email_change: {
    subject: 'Bestätigen Sie Ihre neue E-Mail-Adresse',
    body: 'Bestätigen Sie, dass diese Adresse für Ihr Portico-Konto verwendet werden soll:\n{{url}}\n\nBis zur Bestätigung bleibt Ihre alte Adresse in Gebrauch.',
  },
  security_notice: {
    subject: 'Sicherheitsänderung an Ihrem Portico-Konto',
    body: 'An Ihrem Konto wurde Folgendes geändert: {{change}}\nZeit: {{time}}\n\nFalls Sie das nicht waren, wenden Sie sich sofort an Ihre Administration.',
  },
  account_exists: {
    subject: 'Portico-Einladung',
    body: 'Jemand wollte diese Adresse zu {{org}} einladen, sie hat aber bereits ein Portico-Konto. Es wurde nichts geändert. Wenn Sie Zugang zu dieser Organisation brauchen, fragen Sie deren Administration.',
  },
};

const nb: Templates = {
  invitation: {
    subject: 'Du er invitert til kundeportalen til {{org}}',
    body: '{{inviter}} har invitert deg til kundeportalen til {{org}}.\n\nVelg passord og andre faktor her (lenken gjelder til {{expires}}):\n{{url}}\n\nHvis du ikke ventet dette, kan du se bort fra meldingen.',
  },
  password_reset: {
    subject: 'Tilbakestill Portico-passordet ditt',
    body: 'Noen har bedt om å tilbakestille passordet til kontoen din.\n\nVelg et nytt passord her (gyldig i én time):\n{{url}}\n\nHvis det ikke var deg, kan du se bort fra meldingen: passordet ditt forblir uendret.',
  },
  email_change: {
    subject: 'Bekreft den nye e-postadressen din',
    body: 'Bekreft at denne adressen skal brukes for Portico-kontoen din:\n{{url}}\n\nTil du bekrefter, brukes den gamle adressen.',
  },
  security_notice: {
    subject: 'Sikkerhetsendring på Portico-kontoen din',
    body: 'Denne endringen ble gjort på kontoen din: {{change}}\nTidspunkt: {{time}}\n\nHvis det ikke var deg, kontakt administratoren din straks.',
  },
  account_exists: {
    subject: 'Portico-invitasjon',
    body: 'Noen forsøkte å invitere denne adressen til {{org}}, men den har allerede en Portico-konto. Ingenting ble endret. Trenger du tilgang til den organisasjonen, spør administratoren der.',
  },
};

const ru: Templates = {
  invitation: {
    subject: 'Приглашение на клиентский портал {{org}}',
    body: '{{inviter}} приглашает вас на клиентский портал {{org}}.\n\nЗадайте пароль и второй фактор по ссылке (действует до {{expires}}):\n{{url}}\n\nЕсли вы не ждали этого письма, просто проигнорируйте его.',
  },
  password_reset: {
    subject: 'Сброс пароля Portico',
    body: 'Кто-то запросил сброс пароля вашей учётной записи.\n\nЗадайте новый пароль по ссылке (действует один час):\n{{url}}\n\nЕсли это были не вы, проигнорируйте письмо: пароль останется прежним.',
  },
  email_change: {
    subject: 'Подтвердите новый адрес электронной почты',
    body: 'Подтвердите, что этот адрес следует использовать для вашей учётной записи Portico:\n{{url}}\n\nДо подтверждения используется прежний адрес.',
  },
  security_notice: {
    subject: 'Изменение безопасности в учётной записи Portico',
    body: 'В вашей учётной записи выполнено изменение: {{change}}\nВремя: {{time}}\n\nЕсли это были не вы, немедленно свяжитесь с администратором.',
  },
  account_exists: {
    subject: 'Приглашение Portico',
    body: 'Кто-то пытался пригласить этот адрес в {{org}}, но у него уже есть учётная запись Portico. Ничего не изменено. Если вам нужен доступ к этой организации, обратитесь к её администратору.',
  },
};

const CHANGES: Record<MailLocale, Record<string, string>> = {
  en: { password_changed: 'password changed', totp_enabled: 'authenticator app added', totp_disabled: 'authenticator app removed', passkey_added: 'passkey added', passkey_removed: 'passkey removed', backup_codes_regenerated: 'new backup codes generated', email_change_requested: 'e-mail change requested', api_token_created: 'API token created' },
  de: { password_changed: 'Passwort geändert', totp_enabled: 'Authenticator-App hinzugefügt', totp_disabled: 'Authenticator-App entfernt', passkey_added: 'Passkey hinzugefügt', passkey_removed: 'Passkey entfernt', backup_codes_regenerated: 'neue Backup-Codes erzeugt', email_change_requested: 'Änderung der E-Mail-Adresse angefordert', api_token_created: 'API-Token erstellt' },
  nb: { password_changed: 'passord endret', totp_enabled: 'autentiseringsapp lagt til', totp_disabled: 'autentiseringsapp fjernet', passkey_added: 'passnøkkel lagt til', passkey_removed: 'passnøkkel fjernet', backup_codes_regenerated: 'nye reservekoder laget', email_change_requested: 'endring av e-postadresse bedt om', api_token_created: 'API-token opprettet' },
  ru: { password_changed: 'пароль изменён', totp_enabled: 'добавлено приложение-аутентификатор', totp_disabled: 'приложение-аутентификатор удалено', passkey_added: 'добавлен ключ доступа', passkey_removed: 'ключ доступа удалён', backup_codes_regenerated: 'созданы новые резервные коды', email_change_requested: 'запрошена смена адреса электронной почты', api_token_created: 'создан API-токен' },
};

const ALL: Record<MailLocale, Templates> = { en, de, nb, ru };

/** Renders a template in the locale, with {{vars}} filled in; falls back to English. */
export function renderMail(
  name: keyof Templates,
  locale: string,
  vars: Record<string, string>,
): { subject: string; text: string } {
  const loc = (locale in ALL ? locale : 'en') as MailLocale;
  const t = ALL[loc][name];
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
  return { subject: fill(t.subject), text: fill(t.body) + '\n\n— Portico' };
}

/** The words for a security change in the locale. */
export function changeLabel(change: string, locale: string): string {
  const loc = (locale in CHANGES ? locale : 'en') as MailLocale;
  return CHANGES[loc][change] ?? change;
}

import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import { changeLanguage, currentLanguage } from '../../lib/i18n';
import { useSession } from '../../features/auth/session';
import { updateProfile } from '../../features/auth/api';

const OPTIONS: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'EN' },
];

/** Switches the language; a signed-in user's choice is also saved to the profile. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  useTranslation(); // re-render on language change
  const { me, replaceMe } = useSession();
  const onChange = async (language: Locale) => {
    await changeLanguage(language);
    if (me && me.locale !== language) {
      updateProfile({ locale: language }).then(replaceMe, () => undefined);
    }
  };
  return <Segmented<Locale> size={size} options={OPTIONS} value={currentLanguage()} onChange={(value) => void onChange(value)} data-testid="language-switch" />;
}

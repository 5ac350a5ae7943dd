import { useEffect, useMemo, useState } from 'react';
import { initialLang, translator, type Lang } from './i18n';
import { setApiLanguage } from './api';
import { ReportView } from './ReportView';
import { TrackView } from './TrackView';
import { NearbyView } from './NearbyView';
import { ExposureView } from './ExposureView';

// The citizens' page: report, track by code, nearby, exposure board. Hash routes (#report,
// #track/CODE, #nearby, #exposure) keep it one static file behind /public.

type Route = { tab: 'report' | 'track' | 'nearby' | 'exposure'; code: string | null };

function parseHash(hash: string): Route {
  const [tab, code] = hash.replace(/^#\/?/, '').split('/');
  if (tab === 'track') return { tab, code: code ? decodeURIComponent(code) : null };
  if (tab === 'nearby' || tab === 'exposure') return { tab, code: null };
  return { tab: 'report', code: null };
}

export function PublicApp() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  const t = useMemo(() => translator(lang), [lang]);

  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('title');
    setApiLanguage(lang);
    try {
      localStorage.setItem('cw.language', lang);
    } catch {
      // private mode: the choice lasts for this visit
    }
  }, [lang, t]);

  const go = (hash: string) => {
    location.hash = hash;
  };
  const tabs = ['report', 'track', 'nearby', 'exposure'] as const;
  return (
    <div className="pub" data-testid="public-app">
      <header className="pub-header">
        <h1>{t('title')}</h1>
        <button type="button" className="pub-lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="public-lang">
          {t('lang')}
        </button>
      </header>
      <nav className="pub-tabs">
        {tabs.map((tab) => (
          <a key={tab} href={`#${tab}`} className={route.tab === tab ? 'active' : ''} data-testid={`public-tab-${tab}`}>
            {t(`tab.${tab}`)}
          </a>
        ))}
      </nav>
      <main className="pub-main">
        {route.tab === 'report' && <ReportView t={t} lang={lang} onTrack={(code) => go(`#track/${code}`)} />}
        {route.tab === 'track' && <TrackView key={route.code ?? ''} t={t} lang={lang} code={route.code} onLookup={(code) => go(`#track/${code}`)} />}
        {route.tab === 'nearby' && <NearbyView t={t} lang={lang} />}
        {route.tab === 'exposure' && <ExposureView t={t} lang={lang} />}
      </main>
    </div>
  );
}

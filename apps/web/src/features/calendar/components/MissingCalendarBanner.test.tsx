import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import i18n from 'i18next';
import '../../../lib/i18n';
import { MissingCalendarBanner } from './MissingCalendarBanner';
import type { CalendarStatus } from '../api';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
const renderBanner = () =>
  render(
    <MemoryRouter>
      <MissingCalendarBanner />
    </MemoryRouter>,
  );

afterEach(() => {
  vi.unstubAllGlobals();
  void i18n.changeLanguage('zh-CN');
});

describe('MissingCalendarBanner', () => {
  it('warns of a year without a notice, with its open cases, and links to the calendar', async () => {
    const status: CalendarStatus = {
      knownYears: [2025, 2026],
      horizonDays: 90,
      missingYears: [
        { year: 2027, openCases: 3, inHorizon: true },
        { year: 2028, openCases: 0, inHorizon: true },
      ],
    };
    const fetch = vi.fn(async (_url: string) => json(status));
    vi.stubGlobal('fetch', fetch);
    renderBanner();
    const banner = await screen.findByTestId('calendar-missing-banner');
    expect(banner.textContent).toContain('2027、2028年的放假调休安排尚未录入');
    expect(banner.textContent).toContain('2027年：3件在办问题的时限落在该年');
    expect(banner.textContent).toContain('2028年：未来90天内的新时限将落在该年');
    expect(screen.getByRole('link', { name: '前往工作日历' }).getAttribute('href')).toBe('/calendar');
    expect(String(fetch.mock.calls[0]![0])).toContain('/api/calendar/status');
  });

  it('speaks English too', async () => {
    await i18n.changeLanguage('en');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ knownYears: [2025, 2026], horizonDays: 90, missingYears: [{ year: 2027, openCases: 0, inHorizon: true }] })),
    );
    renderBanner();
    expect((await screen.findByTestId('calendar-missing-banner')).textContent).toContain('The holiday notice for 2027 has not been entered');
  });

  it('stays away when every year that matters has its notice', async () => {
    const fetch = vi.fn(async () => json({ knownYears: [2025, 2026, 2027], horizonDays: 90, missingYears: [] }));
    vi.stubGlobal('fetch', fetch);
    renderBanner();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('calendar-missing-banner')).toBeNull();
  });
});

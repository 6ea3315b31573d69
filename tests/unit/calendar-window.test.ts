import { buildDays, fittedWindow } from "../../client/src/features/bookings/calendar-model";

/**
 * The hours a week column draws (the web app's calendar-model): 06–22 unless
 * the shown bookings or the artists' working days reach beyond, in the
 * viewer's time. The instants are built in the test process's local time, so
 * the test holds in any zone.
 */
const local = (day: number, hour: number, minute = 0) => new Date(2027, 2, 1 + day, hour, minute).toISOString();
const week = buildDays(new Date(2027, 2, 1), 7);
const noArtists: never[] = [];

describe("calendar week window", () => {
  it("stays 06–22 when everything fits, and month zoom is always the whole day", () => {
    expect(fittedWindow([6, 22], week, [{ start: local(1, 9), end: local(1, 17) }], noArtists)).toEqual([6, 22]);
    expect(fittedWindow([0, 24], week, [{ start: local(1, 2), end: local(1, 3) }], noArtists)).toEqual([0, 24]);
  });

  it("widens to whole hours where bookings start or end outside it; an end at midnight reaches 24", () => {
    expect(fittedWindow([6, 22], week, [{ start: local(1, 1, 30), end: local(1, 9) }], noArtists)).toEqual([1, 22]);
    expect(fittedWindow([6, 22], week, [{ start: local(2, 20), end: local(3, 0) }], noArtists)).toEqual([6, 24]);
    expect(fittedWindow([6, 22], week, [{ start: local(2, 20), end: local(2, 23, 15) }], noArtists)).toEqual([6, 24]);
    // Outside the visible days: no effect.
    expect(fittedWindow([6, 22], week, [{ start: local(-3, 1), end: local(-3, 2) }], noArtists)).toEqual([6, 22]);
  });

  it("widens to an artist's working day in another timezone", () => {
    const offsetHours = -new Date(2027, 2, 2, 12).getTimezoneOffset() / 60; // viewer's offset from UTC
    // 09:00–17:00 in a zone 8 hours ahead of the viewer starts at 01:00 viewer time.
    const zone = `Etc/GMT${offsetHours + 8 >= 0 ? "-" : "+"}${Math.abs(offsetHours + 8)}`;
    const artist = { timezone: zone, timeOff: [], workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })) };
    expect(fittedWindow([6, 22], week, [], [artist])).toEqual([1, 22]);
  });
});

//! Cairo wall time: Egypt's offset (with its summer time), reading the
//! times buyers and agents give, and showing times in messages.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};

/// Egypt's offset from UTC in hours on a date: +3 in summer time (from the
/// last Friday of April to the last Thursday of October), +2 otherwise.
pub fn cairo_offset_hours(date: NaiveDate) -> i64 {
    fn last(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
        let first_next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }?;
        let mut day = first_next.pred_opt()?;
        while day.weekday() != weekday {
            day = day.pred_opt()?;
        }
        Some(day)
    }
    let year = date.year();
    match (last(year, 4, Weekday::Fri), last(year, 10, Weekday::Thu)) {
        (Some(start), Some(end)) if date >= start && date <= end => 3,
        _ => 2,
    }
}

/// The hour a day without a time stands for.
pub fn default_viewing_time() -> NaiveTime {
    NaiveTime::MIN + chrono::Duration::hours(11)
}

/// Reads "YYYY-MM-DD HH:MM" (or with a "T", or a date alone, taken as 11:00)
/// as Cairo time.
pub fn parse_cairo_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|d| d.and_time(default_viewing_time()))
        })?;
    cairo_to_utc(local)
}

/// A Cairo wall time as an instant.
pub fn cairo_to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let offset = cairo_offset_hours(local.date());
    Utc.from_local_datetime(&(local - chrono::Duration::hours(offset))).single()
}

/// Cairo wall time now.
pub fn cairo_now(now: DateTime<Utc>) -> NaiveDateTime {
    let offset = cairo_offset_hours(now.date_naive());
    let local = now.naive_utc() + chrono::Duration::hours(offset);
    local + chrono::Duration::hours(cairo_offset_hours(local.date()) - offset)
}

/// The time in Cairo, for messages: "2026-12-10 15:00".
pub fn cairo_display(at: DateTime<Utc>) -> String {
    cairo_now(at).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cairo_time_follows_egyptian_summer_time() {
        // 2026: summer time from Friday 24 April to Thursday 29 October.
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        assert_eq!(cairo_offset_hours(d(2026, 4, 23)), 2);
        assert_eq!(cairo_offset_hours(d(2026, 4, 24)), 3);
        assert_eq!(cairo_offset_hours(d(2026, 10, 29)), 3);
        assert_eq!(cairo_offset_hours(d(2026, 10, 30)), 2);
        let winter = parse_cairo_time("2026-12-10 15:00").expect("parse");
        assert_eq!(winter.to_rfc3339(), "2026-12-10T13:00:00+00:00");
        let summer = parse_cairo_time("2026-07-01T15:00").expect("parse");
        assert_eq!(summer.to_rfc3339(), "2026-07-01T12:00:00+00:00");
        assert_eq!(cairo_display(winter), "2026-12-10 15:00");
        assert_eq!(cairo_display(summer), "2026-07-01 15:00");
        assert_eq!(parse_cairo_time("2026-12-10").expect("date").to_rfc3339(), "2026-12-10T09:00:00+00:00");
        assert!(parse_cairo_time("next tuesday").is_none());
    }
}

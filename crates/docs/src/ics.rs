//! Meetings as an iCalendar file (RFC 5545) for calendar apps: one VEVENT each, in Japan time,
//! text escaped and long lines folded as the RFC requires.

use time::PrimitiveDateTime;

pub struct Event<'a> {
    /// Stable across downloads, so calendar apps update instead of duplicating.
    pub uid: String,
    pub starts_at: PrimitiveDateTime,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub url: Option<&'a str>,
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(ch);
        len += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(t: PrimitiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}00",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

pub fn calendar(name: &str, events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kyodo//協働//JA",
        "CALSCALE:GREGORIAN",
        &format!("X-WR-CALNAME:{}", escape(name)),
        "X-WR-TIMEZONE:Asia/Tokyo",
        // The zone the events' TZID names, defined in the file as RFC 5545 asks, so calendars that
        // do not know the name still place the meeting at the right hour (Japan: UTC+9, no DST).
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tokyo",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:JST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        s.push_str(&fold(l));
    }
    for e in events {
        let end = e.starts_at + time::Duration::hours(1);
        for l in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", e.uid),
            // Required by the RFC; the event's start in UTC (Japan is UTC+9, without daylight time).
            format!("DTSTAMP:{}Z", stamp(e.starts_at - time::Duration::hours(9))),
            format!("DTSTART;TZID=Asia/Tokyo:{}", stamp(e.starts_at)),
            format!("DTEND;TZID=Asia/Tokyo:{}", stamp(end)),
            format!("SUMMARY:{}", escape(e.summary)),
            format!("LOCATION:{}", escape(e.location)),
            format!("DESCRIPTION:{}", escape(e.description)),
        ] {
            s.push_str(&fold(&l));
        }
        if let Some(u) = e.url {
            s.push_str(&fold(&format!("URL:{}", escape(u))));
        }
        s.push_str(&fold("END:VEVENT"));
    }
    s.push_str(&fold("END:VCALENDAR"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn events_are_escaped_and_lines_folded() {
        let long = "話し合うこと：".repeat(20);
        let ics = calendar(
            "そば畑の定例会",
            &[Event {
                uid: "meeting-1@kyodo".into(),
                starts_at: datetime!(2027-05-10 18:30),
                summary: "定例会; 第1回, 種まき",
                location: "公民館",
                description: &long,
                url: None,
            }],
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART;TZID=Asia/Tokyo:20270510T183000\r\n"));
        let zone = ics
            .split("BEGIN:VTIMEZONE\r\n")
            .nth(1)
            .unwrap()
            .split("END:VTIMEZONE")
            .next()
            .unwrap();
        assert!(
            zone.contains("TZID:Asia/Tokyo\r\n") && zone.contains("TZOFFSETTO:+0900\r\n"),
            "the zone is defined"
        );
        assert!(ics.find("END:VTIMEZONE").unwrap() < ics.find("BEGIN:VEVENT").unwrap());
        assert!(ics.contains("SUMMARY:定例会\\; 第1回\\, 種まき\r\n"));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "every line within 75 octets");
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{long}")));
    }
}

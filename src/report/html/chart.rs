//! The HTML report's charts, drawn as inline SVG in Rust so they show without script and
//! print: the timeline of leaks by first-commit month (quarter or year over longer spans) and
//! the small per-repository bars. Colours come from the page's style sheet through classes
//! (`s-live` …), as the page's policy allows no `style` attribute. Also the calendar
//! arithmetic they need ([`Day`]), on dates read leniently: a date that does not parse is
//! left out of the timeline, never an error.

use std::fmt;

use super::escape::html;
use super::State;

/// A calendar day, read from the start of an RFC 3339 timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    /// The `YYYY-MM-DD` that starts `timestamp`, if it is a real day of years 1 to 9999.
    pub(super) fn parse(timestamp: &str) -> Option<Day> {
        let date = timestamp.get(..10)?;
        let bytes = date.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = date.get(range)?;
            digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())?
        };
        let year = i32::try_from(number(0..4)?).ok()?;
        let (month, day) = (number(5..7)?, number(8..10)?);
        let valid = year >= 1 && (1..=12).contains(&month) && day >= 1;
        (valid && day <= days_in_month(year, month)).then_some(Day { year, month, day })
    }

    /// Days from this day to `later` (negative if `later` comes first).
    pub(super) fn days_until(self, later: Day) -> i64 {
        later.ordinal() - self.ordinal()
    }

    /// Days since 0001-01-01 of the proleptic Gregorian calendar.
    fn ordinal(self) -> i64 {
        let past_years = i64::from(self.year) - 1;
        let leap_days = past_years / 4 - past_years / 100 + past_years / 400;
        let past_months: i64 = (1..self.month)
            .map(|m| i64::from(days_in_month(self.year, m)))
            .sum();
        past_years * 365 + leap_days + past_months + i64::from(self.day) - 1
    }

    /// The day as a `<time>` element.
    pub(super) fn html(self) -> String {
        format!("<time datetime=\"{self}\">{self}</time>")
    }

    /// Months since year 0, for bucketing.
    fn month_number(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let is_leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if is_leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An age in words, for the oldest open leak: days, then months, then years.
pub(super) fn age(days: i64) -> String {
    match days {
        ..=-1 => "dated after this report".to_string(),
        1 => "1 day old".to_string(),
        0..=60 => format!("{days} days old"),
        61..=730 => format!("{} months old", days / 30),
        _ => format!("{:.1} years old", days as f64 / 365.25),
    }
}

/// How long one bar of the timeline is: the shortest period that keeps the bars to about
/// 40 or fewer, so that each stays wide enough to see and to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    /// The period for leaks spanning `months` months.
    fn for_span(months: i32) -> Period {
        match months {
            ..=40 => Period::Month,
            41..=120 => Period::Quarter,
            _ => Period::Year,
        }
    }

    fn months(self) -> i32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }

    /// `2021-03`, `2021 Q1` or `2021`, for the bar starting at month number `month`.
    fn label(self, month: i32) -> String {
        let (year, month_of_year) = (month / 12, month % 12 + 1);
        match self {
            Period::Month => format!("{year:04}-{month_of_year:02}"),
            Period::Quarter => format!("{year:04} Q{}", (month_of_year + 2) / 3),
            Period::Year => format!("{year:04}"),
        }
    }
}

/// One bar of the timeline: its label and its secrets by verdict.
struct Bucket {
    label: String,
    counts: [u64; State::ALL.len()],
}

impl Bucket {
    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// `2021-03: 3 secrets (1 live, 2 inactive)`.
    fn summary(&self) -> String {
        let parts: Vec<String> = State::ALL
            .iter()
            .zip(self.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(state, n)| format!("{n} {}", state.label()))
            .collect();
        let total = self.total();
        let noun = if total == 1 { "secret" } else { "secrets" };
        format!("{}: {total} {noun} ({})", self.label, parts.join(", "))
    }
}

/// The timeline's bars, from the first leak's month to the last's, empty ones included.
fn buckets(leaks: &[(Day, State)]) -> Vec<Bucket> {
    let (Some(first), Some(last)) = (
        leaks.iter().map(|(d, _)| d.month_number()).min(),
        leaks.iter().map(|(d, _)| d.month_number()).max(),
    ) else {
        return Vec::new();
    };
    let period = Period::for_span(last - first + 1);
    let key = |month: i32| month / period.months();
    let (start, end) = (key(first), key(last));
    let mut buckets: Vec<Bucket> = (start..=end)
        .map(|k| Bucket {
            label: period.label(k * period.months()),
            counts: [0; State::ALL.len()],
        })
        .collect();
    for (day, state) in leaks {
        let index = (key(day.month_number()) - start) as usize;
        buckets[index].counts[state.index()] += 1;
    }
    buckets
}

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The timeline as an `<svg>` plus, for screen readers and print, the same counts as a
/// table in a `<details>`. `leaks` holds each dated secret's first-commit day and verdict.
pub(super) fn timeline(leaks: &[(Day, State)]) -> String {
    let buckets = buckets(leaks);
    let Some(tallest) = buckets.iter().map(Bucket::total).max() else {
        return "<p>No leak has a commit date to chart.</p>".to_string();
    };
    let plot_width = WIDTH - LEFT - 8.0;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let slot = plot_width / buckets.len() as f64;
    let bar_width = (slot * 0.8).max(1.0);
    let unit = plot_height / tallest as f64;
    let (first, last) = (&buckets[0].label, &buckets[buckets.len() - 1].label);
    let mut svg = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-labelledby=\"timeline-title\"><title id=\"timeline-title\">Secrets by the period of \
         their first commit, {first} to {last}; the tallest bar is {tallest}</title>\n"
    );
    let baseline = TOP + plot_height;
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{baseline}\" x2=\"{}\" y2=\"{baseline}\"/>\
         <line class=\"grid\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{}\" y2=\"{TOP}\"/>\
         <text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{tallest}</text>\
         <text class=\"tick\" x=\"{}\" y=\"{baseline}\" text-anchor=\"end\">0</text>\n",
        WIDTH - 8.0,
        WIDTH - 8.0,
        LEFT - 6.0,
        TOP + 4.0,
        LEFT - 6.0,
    ));
    let label_every = label_step(buckets.len());
    for (i, bucket) in buckets.iter().enumerate() {
        let x = LEFT + i as f64 * slot + (slot - bar_width) / 2.0;
        svg.push_str(&format!("<g><title>{}</title>", html(&bucket.summary())));
        let mut top = baseline;
        for (state, count) in State::ALL.iter().zip(bucket.counts) {
            if count == 0 {
                continue;
            }
            let height = count as f64 * unit;
            top -= height;
            svg.push_str(&format!(
                "<rect class=\"s-{}\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{bar_width:.1}\" \
                 height=\"{height:.1}\"/>",
                state.class()
            ));
        }
        svg.push_str("</g>");
        if i % label_every == 0 {
            svg.push_str(&format!(
                "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + bar_width / 2.0,
                HEIGHT - 8.0,
                html(&bucket.label)
            ));
        }
        svg.push('\n');
    }
    svg.push_str("</svg>\n");
    svg.push_str(&counts_table(&buckets));
    svg
}

/// Every how many bars an axis label fits (about 70 px each on the 960 px chart).
fn label_step(bars: usize) -> usize {
    bars.div_ceil(12).max(1)
}

/// The timeline's numbers as a table, bars with leaks only.
fn counts_table(buckets: &[Bucket]) -> String {
    let mut table = String::from(
        "<details class=\"chart-table\"><summary>The timeline as a table</summary>\
         <table><caption>Secrets by first-commit period and verdict</caption><thead><tr>\
         <th scope=\"col\">Period</th>",
    );
    for state in State::ALL {
        table.push_str(&format!("<th scope=\"col\">{}</th>", state.title()));
    }
    table.push_str("<th scope=\"col\">All</th></tr></thead><tbody>\n");
    for bucket in buckets.iter().filter(|b| b.total() > 0) {
        table.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>",
            html(&bucket.label)
        ));
        for count in bucket.counts {
            table.push_str(&format!("<td class=\"num\">{count}</td>"));
        }
        table.push_str(&format!("<td class=\"num\">{}</td></tr>\n", bucket.total()));
    }
    table.push_str("</tbody></table></details>\n");
    table
}

/// Width of the per-repository bars, in CSS pixels.
const BAR_WIDTH: f64 = 160.0;

/// A small horizontal bar: `total` of `largest`, its `live` part in the live colour.
pub(super) fn bar(total: u64, live: u64, largest: u64) -> String {
    let scale = BAR_WIDTH / largest.max(1) as f64;
    format!(
        "<svg class=\"bar\" width=\"{BAR_WIDTH}\" height=\"12\" aria-hidden=\"true\">\
         <rect class=\"s-inactive\" width=\"{:.1}\" height=\"12\"/>\
         <rect class=\"s-live\" width=\"{:.1}\" height=\"12\"/></svg>",
        total as f64 * scale,
        live.min(total) as f64 * scale,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_parses_only_real_days() {
        let cases = [
            ("2024-02-29T10:00:00Z", Some("2024-02-29")),
            ("2023-02-29T10:00:00Z", None),
            ("2023-13-01", None),
            ("2023-1-01T", None),
            ("+023-01-01", None),
            ("<script>", None),
            ("2023-01-0€", None),
            ("", None),
        ];
        for (raw, want) in cases {
            let got = Day::parse(raw).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn days_until_counts_leap_years() {
        let day = |s| Day::parse(s).expect("a day");
        assert_eq!(day("2020-01-01").days_until(day("2021-01-01")), 366);
        assert_eq!(day("2021-01-01").days_until(day("2022-01-01")), 365);
        assert_eq!(day("1970-01-01").days_until(day("2000-03-01")), 11_017);
        assert_eq!(day("2000-03-01").days_until(day("1970-01-01")), -11_017);
    }

    #[test]
    fn age_reads_as_words() {
        let cases = [
            (0, "0 days old"),
            (1, "1 day old"),
            (45, "45 days old"),
            (400, "13 months old"),
            (1000, "2.7 years old"),
        ];
        for (days, want) in cases {
            assert_eq!(age(days), want);
        }
    }

    #[test]
    fn buckets_are_months_then_quarters_then_years() {
        let day = |s| Day::parse(s).expect("a day");
        let months = buckets(&[
            (day("2021-11-05"), State::Live),
            (day("2022-02-01"), State::Inactive),
            (day("2022-02-20"), State::Live),
        ]);
        let labels: Vec<&str> = months.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2021-11", "2021-12", "2022-01", "2022-02"]);
        assert_eq!(months[3].total(), 2);
        assert_eq!(
            months[3].summary(),
            "2022-02: 2 secrets (1 live, 1 inactive)"
        );

        let quarters = buckets(&[
            (day("2019-04-02"), State::Unknown),
            (day("2024-01-10"), State::Live),
        ]);
        assert_eq!(quarters.len(), 20);
        assert_eq!(quarters[0].label, "2019 Q2");
        assert_eq!(quarters[19].label, "2024 Q1");

        let years = buckets(&[
            (day("2012-01-01"), State::Unknown),
            (day("2024-06-01"), State::Live),
        ]);
        assert_eq!(years.len(), 13);
        assert_eq!(years[0].label, "2012");
    }
}

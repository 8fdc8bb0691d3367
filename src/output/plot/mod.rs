//! Charts of `newsdex stats --plot`: the time line of one or more stats tables drawn as
//! SVG or PNG with plotters.
//!
//! The x axis is calendar time (days from the first bucket), so that tick labels sit on
//! calendar boundaries (days, ISO weeks, months, years, decades) and their step is
//! chosen from the span and the width of the labels: no label is cut or overlaps
//! another. Each query (and each further `--by` value) is one series in the legend. A
//! bucket without any article in the corpus has no value: the line breaks there
//! instead of dropping to zero. PNG text is drawn with the DejaVu Sans font built into
//! the binary (`assets/fonts`), so no system font is needed (`glyphs` places it).

mod glyphs;

use crate::search::stats::{Dim, StatsTable};
use glyphs::GlyphBitmap;
use jiff::civil::{Date, ISOWeekDate, Weekday};
use jiff::ToSpan;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Most series drawn in one chart (the largest ones).
pub const MAX_SERIES: usize = 8;
/// The font family every text of a chart is drawn in.
const FONT: &str = "sans-serif";
/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/LICENSE-DejaVu.txt`).
const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// Chart size in SVG user units (PNG pixels are `PNG_SCALE` times as many).
const WIDTH: f64 = 1100.0;
const HEIGHT: f64 = 540.0;
/// PNG pixels per SVG unit (a PNG sharp enough for print).
const PNG_SCALE: f64 = 2.0;
/// Font sizes and spacing in SVG units.
const TITLE_SIZE: f64 = 22.0;
const LABEL_SIZE: f64 = 15.0;
const DESC_SIZE: f64 = 16.0;
const MARGIN: f64 = 16.0;
/// Room left and right of the plotting area: the y labels, and half a tick label.
const Y_LABEL_AREA: f64 = 70.0;
const RIGHT_MARGIN: f64 = 48.0;
const X_LABEL_AREA: f64 = 50.0;
/// The width of the plotting area.
const PLOT_WIDTH: f64 = WIDTH - 2.0 * MARGIN - Y_LABEL_AREA - RIGHT_MARGIN;
/// Least room between two tick labels.
const LABEL_GAP: f64 = 16.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 22.0;
/// The legend's name for the shading of buckets without articles.
const NO_ARTICLES: &str = "no articles in the corpus";
/// That shading.
const NO_ARTICLES_FILL: RGBColor = RGBColor(0xF1, 0xF1, 0xF1);
/// The narrowest run of buckets without articles that is shaded, in SVG units.
const MIN_SHADE: f64 = 3.0;
/// A series of up to this many points marks each (beyond, only runs of one or two).
const MARKERS_UP_TO: usize = 60;
/// A palette that stays apart for colour-blind readers (Tableau 10).
const COLORS: [RGBColor; MAX_SERIES] = [
    RGBColor(0x4E, 0x79, 0xA7),
    RGBColor(0xF2, 0x8E, 0x2B),
    RGBColor(0xE1, 0x57, 0x59),
    RGBColor(0x59, 0xA1, 0x4F),
    RGBColor(0xB0, 0x7A, 0xA1),
    RGBColor(0x76, 0xB7, 0xB2),
    RGBColor(0x9C, 0x75, 0x5F),
    RGBColor(0xED, 0xC9, 0x48),
];

/// Why no chart was drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("--plot {0}: charts are drawn as SVG or PNG: name the file *.svg or *.png")]
    Format(PathBuf),
    #[error(
        "--plot draws a time line: make the first --by a time unit (year, month, week or day)"
    )]
    NotTimeline,
    #[error("--plot: nothing to draw: none of the {articles} articles passing the filters has a date; a time line needs dated articles (see the dates `newsdex analyze FILE` reads, or map a date field in newsdex.toml)")]
    Undated { articles: u64 },
    #[error("--plot: nothing to draw: no dated article matches ({undated} matching articles have no date); try another query or wider --since/--until")]
    NoDatedMatches { undated: u64 },
    #[error("--plot: cannot draw {path}: {message}")]
    Draw { path: PathBuf, message: String },
}

/// The file formats a chart is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    /// The format a file name asks for, by its extension.
    pub fn of(path: &Path) -> Result<Self, PlotError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("png") => Ok(ChartFormat::Png),
            _ => Err(PlotError::Format(path.to_path_buf())),
        }
    }
}

/// What to draw: one table per query, each with the name its series carry.
pub struct Plot<'a> {
    pub title: String,
    /// The time unit of the tables' first dimension.
    pub unit: Dim,
    /// Shares in percent instead of counts.
    pub share: bool,
    pub tables: Vec<(String, &'a StatsTable)>,
}

/// What was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub series: usize,
    /// Series left out beyond `MAX_SERIES` (the smallest).
    pub left_out: usize,
}

/// The title of a chart: the queries (quoted), the corpus, what is counted per unit, and
/// the further dimensions (`by outlet`) that split the series.
pub fn title(queries: &[&str], corpus: &str, unit: Dim, share: bool, split: &[Dim]) -> String {
    let what = if share {
        "share of articles"
    } else {
        "articles"
    };
    let quoted: Vec<String> = queries
        .iter()
        .filter(|q| !q.is_empty())
        .map(|q| format!("“{q}”"))
        .collect();
    let which = if quoted.is_empty() {
        "all articles".to_string()
    } else {
        quoted.join(", ")
    };
    let by: Vec<&str> = split.iter().map(|d| d.name()).collect();
    let by = if by.is_empty() {
        String::new()
    } else {
        format!(", by {}", by.join(" and ").replace('_', " "))
    };
    format!("{which} in {corpus}: {what} per {}{by}", unit.name())
}

/// One line of the chart: a value per bucket, `None` where the bucket has no article.
#[derive(Debug, Clone, PartialEq)]
struct Series {
    name: String,
    ys: Vec<Option<f64>>,
}

/// The chart's data: bucket start days and the series over them.
#[derive(Debug, Clone, PartialEq)]
struct Timeline {
    starts: Vec<Date>,
    series: Vec<Series>,
    left_out: usize,
    /// Buckets without any article in the corpus (shaded, and a gap in every line).
    empty: Vec<bool>,
}

/// The first day of a time bucket key (`1987`, `1987-03`, `1987-W10`, `1987-03-02`).
fn bucket_start(unit: Dim, key: &str) -> Option<Date> {
    let num = |s: &str| s.parse::<i16>().ok();
    match unit {
        Dim::Year => Date::new(num(key)?, 1, 1).ok(),
        Dim::Month => {
            let (y, m) = key.split_once('-')?;
            Date::new(num(y)?, m.parse().ok()?, 1).ok()
        }
        Dim::Week => {
            let (y, w) = key.split_once("-W")?;
            let week = ISOWeekDate::new(num(y)?, w.parse().ok()?, Weekday::Monday).ok()?;
            Some(week.date())
        }
        _ => key.parse().ok(),
    }
}

/// The series of the tables over the union of their time axes, largest first, cut to
/// `MAX_SERIES`; an error when there is nothing dated to draw.
fn timeline(plot: &Plot) -> Result<Timeline, PlotError> {
    let mut starts: BTreeMap<Date, ()> = BTreeMap::new();
    for (_, t) in &plot.tables {
        for r in &t.rows {
            if let Some(d) = r.keys.first().and_then(|k| bucket_start(plot.unit, k)) {
                starts.insert(d, ());
            }
        }
    }
    let starts: Vec<Date> = starts.into_keys().collect();
    if starts.is_empty() {
        let articles = plot.tables.iter().filter_map(|(_, t)| t.articles).max();
        return Err(PlotError::Undated {
            articles: articles.unwrap_or(0),
        });
    }
    let dated_matches: u64 = plot
        .tables
        .iter()
        .flat_map(|(_, t)| &t.rows)
        .map(|r| r.count)
        .sum();
    if dated_matches == 0 {
        let undated = plot.tables.iter().map(|(_, t)| t.undated).sum();
        return Err(PlotError::NoDatedMatches { undated });
    }
    let index: HashMap<Date, usize> = starts.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let several = plot.tables.len() > 1;
    let mut series: Vec<Series> = Vec::new();
    for (name, t) in &plot.tables {
        let mut mine: Vec<Series> = Vec::new();
        for r in &t.rows {
            let Some(x) = r.keys.first().and_then(|k| bucket_start(plot.unit, k)) else {
                continue;
            };
            let rest = r.keys[1..].join(" · ");
            let label = match (rest.is_empty(), several) {
                (true, _) => name.clone(),
                (false, true) => format!("{name} · {rest}"),
                (false, false) => rest,
            };
            let i = match mine.iter().position(|s| s.name == label) {
                Some(i) => i,
                None => {
                    mine.push(Series {
                        name: label,
                        ys: vec![None; starts.len()],
                    });
                    mine.len() - 1
                }
            };
            mine[i].ys[index[&x]] = value(r.count, r.total, r.share, plot.share);
        }
        series.extend(mine);
    }
    let sum = |s: &Series| s.ys.iter().flatten().sum::<f64>();
    series.sort_by(|a, b| sum(b).total_cmp(&sum(a)));
    let left_out = series.len().saturating_sub(MAX_SERIES);
    series.truncate(MAX_SERIES);
    let empty = empty_buckets(plot, &index);
    Ok(Timeline {
        starts,
        series,
        left_out,
        empty,
    })
}

/// The buckets (by index of their first day) that hold no article at all in any table
/// (a bucket a sparse table does not list is not known to be empty).
fn empty_buckets(plot: &Plot, index: &HashMap<Date, usize>) -> Vec<bool> {
    let mut totals: Vec<Option<u64>> = vec![None; index.len()];
    for (_, t) in &plot.tables {
        for r in &t.rows {
            let at = r.keys.first().and_then(|k| bucket_start(plot.unit, k));
            if let (Some(i), Some(total)) = (at.and_then(|d| index.get(&d)), r.total) {
                *totals[*i].get_or_insert(0) += total;
            }
        }
    }
    totals.into_iter().map(|t| t == Some(0)).collect()
}

/// The first day after the bucket that starts on `d`.
fn bucket_end(unit: Dim, d: Date) -> Date {
    let next = match unit {
        Dim::Year => d.checked_add(1.year()),
        Dim::Month => d.checked_add(1.month()),
        Dim::Week => d.checked_add(1.week()),
        _ => d.checked_add(1.day()),
    };
    next.unwrap_or(d)
}

/// The value of one cell: none where the cell holds no article (a gap in the line).
fn value(count: u64, total: Option<u64>, share: Option<f64>, shares: bool) -> Option<f64> {
    if total == Some(0) {
        return None;
    }
    if shares {
        share.map(|s| s * 100.0)
    } else {
        Some(count as f64)
    }
}

/// A distance between tick labels on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Days(i32),
    Weeks(i32),
    Months(i32),
    Years(i32),
}

/// The tick steps for a time unit, finest first (never finer than the unit).
fn ladder(unit: Dim) -> Vec<Step> {
    let mut steps = Vec::new();
    if unit == Dim::Day {
        steps.extend([Step::Days(1), Step::Days(2)]);
    }
    if matches!(unit, Dim::Day | Dim::Week) {
        steps.extend([Step::Weeks(1), Step::Weeks(2)]);
    }
    if unit == Dim::Week {
        // Every fourth week reads well as week keys; days are better told by months.
        steps.push(Step::Weeks(4));
    }
    if unit != Dim::Year {
        steps.extend([1, 2, 3, 6].map(Step::Months));
    }
    steps.extend([1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].map(Step::Years));
    steps
}

/// The tick days of `step` from `first` to `last` (inclusive), with their labels.
fn ticks_of(step: Step, unit: Dim, first: Date, last: Date) -> Vec<(Date, String)> {
    let mut out = Vec::new();
    let (start, every) = match step {
        Step::Days(k) => (first, k.days()),
        Step::Weeks(k) => {
            let back = i64::from(first.weekday().to_monday_zero_offset());
            let monday = first.checked_sub(back.days()).unwrap_or(first);
            let monday = if monday < first {
                monday.checked_add(1.week()).unwrap_or(first)
            } else {
                monday
            };
            (monday, k.weeks())
        }
        Step::Months(k) => {
            let mut d = first.first_of_month();
            if d < first {
                d = d.checked_add(1.month()).unwrap_or(first);
            }
            for _ in 0..12 {
                if (i32::from(d.month()) - 1) % k == 0 {
                    break;
                }
                d = d.checked_add(1.month()).unwrap_or(d);
            }
            (d, k.months())
        }
        Step::Years(k) => {
            let mut d = first.first_of_year();
            if d < first {
                d = d.checked_add(1.year()).unwrap_or(first);
            }
            let behind = i32::from(d.year()).rem_euclid(k);
            if behind != 0 {
                d = d.checked_add((k - behind).years()).unwrap_or(last);
            }
            (d, k.years())
        }
    };
    let mut d = start;
    while d <= last && d >= first {
        out.push((d, tick_label(step, unit, d)));
        match d.checked_add(every) {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// The label of a tick: `1987`, `1987-03`, `1987-W10` or `1987-03-02`, by step.
fn tick_label(step: Step, unit: Dim, d: Date) -> String {
    match step {
        Step::Years(_) => Dim::Year.time_key(d),
        Step::Months(_) => Dim::Month.time_key(d),
        Step::Weeks(_) if unit == Dim::Week => Dim::Week.time_key(d),
        _ => Dim::Day.time_key(d),
    }
}

/// The ticks whose labels fit `width` side by side: the finest step of the unit's ladder
/// whose labels, each as wide as `measure` says plus a gap, fit; else the coarsest.
fn choose_ticks(
    unit: Dim,
    first: Date,
    last: Date,
    width: f64,
    measure: &dyn Fn(&str) -> f64,
) -> Vec<(Date, String)> {
    let mut chosen = Vec::new();
    for step in ladder(unit) {
        let ticks = ticks_of(step, unit, first, last);
        let widest = ticks.iter().map(|(_, l)| measure(l)).fold(0.0, f64::max);
        let fits = ticks.len() as f64 * (widest + LABEL_GAP) <= width;
        if !ticks.is_empty() {
            chosen = ticks;
        }
        if fits && !chosen.is_empty() {
            break;
        }
    }
    chosen
}

/// A nice step for about `n` y ticks up to `top` (1, 2 or 5 times a power of ten;
/// at least 1 for counts).
fn y_step(top: f64, n: f64, whole: bool) -> f64 {
    let raw = (top / n).max(f64::MIN_POSITIVE);
    let pow = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * pow);
    if whole {
        step.max(1.0).round()
    } else {
        step
    }
}

/// How many decimals the labels of `step` need.
fn decimals(step: f64) -> usize {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    }
}

/// The days from `first` to `d`.
fn days_from(first: Date, d: Date) -> f64 {
    f64::from((d - first).get_days())
}

/// The length of one bucket of the unit, in days (for padding the axis).
fn unit_days(unit: Dim) -> f64 {
    match unit {
        Dim::Year => 365.0,
        Dim::Month => 30.0,
        Dim::Week => 7.0,
        _ => 1.0,
    }
}

/// A linear axis whose ticks are exactly the given values (plotters' own key points
/// would fall on round numbers of days, not on calendar boundaries).
struct TickedAxis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = (value - self.lo) / (self.hi - self.lo);
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Registers the built-in font once (plotters draws PNG text with it and measures
/// every text by it).
fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is built in and known to parse.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
}

/// The width of `text` in the built-in font at `size` (an estimate when it fails).
fn text_width(text: &str, size: f64) -> f64 {
    FontDesc::new(FontFamily::Name(FONT), size, FontStyle::Normal)
        .box_size(text)
        .map(|(w, _)| f64::from(w))
        .unwrap_or(text.chars().count() as f64 * size * 0.62)
}

/// `text`, cut with an ellipsis so that it is at most `width` wide at `size`.
fn fit(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let s: String = chars[..n].iter().collect::<String>() + "…";
        if text_width(&s, size) <= width {
            return s;
        }
    }
    "…".to_string()
}

/// The legend's entries, laid out in rows that fit `width`: (row, x) of each entry.
fn legend_layout(names: &[String], width: f64) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    let (mut row, mut x) = (0, 0.0);
    for name in names {
        let w = 34.0 + text_width(name, LABEL_SIZE) + 24.0;
        if x > 0.0 && x + w > width {
            row += 1;
            x = 0.0;
        }
        out.push((row, x));
        x += w;
    }
    out
}

/// Draws the chart into `path` (SVG or PNG by its extension).
pub fn draw(path: &Path, plot: &Plot) -> Result<Drawn, PlotError> {
    if !plot.unit.is_time() {
        return Err(PlotError::NotTimeline);
    }
    let format = ChartFormat::of(path)?;
    register_font();
    let tl = timeline(plot)?;
    let names: Vec<String> = tl
        .series
        .iter()
        .map(|s| fit(&s.name, LABEL_SIZE, WIDTH / 2.0))
        .collect();
    let mut entries = names.clone();
    if tl.empty.contains(&true) {
        entries.push(NO_ARTICLES.to_string());
    }
    let legend = legend_layout(&entries, WIDTH - 2.0 * MARGIN - Y_LABEL_AREA);
    let rows = legend.iter().map(|(r, _)| r + 1).max().unwrap_or(0);
    let height = HEIGHT + rows as f64 * LEGEND_ROW;
    let fail = |e: &dyn std::fmt::Display| PlotError::Draw {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let chart = Chart {
        plot,
        tl: &tl,
        names: &entries,
        legend: &legend,
        height,
    };
    match format {
        ChartFormat::Svg => {
            let size = (WIDTH as u32, height as u32);
            let root = SVGBackend::new(path, size).into_drawing_area();
            chart.render(&root, 1.0).map_err(|e| fail(&e))?;
            root.present().map_err(|e| fail(&e))?;
        }
        ChartFormat::Png => {
            let size = ((WIDTH * PNG_SCALE) as u32, (height * PNG_SCALE) as u32);
            let backend = GlyphBitmap::new(BitMapBackend::new(path, size), FONT_BYTES)
                .map_err(|e| fail(&e))?;
            let root = backend.into_drawing_area();
            chart.render(&root, PNG_SCALE).map_err(|e| fail(&e))?;
            root.present().map_err(|e| fail(&e))?;
        }
    }
    Ok(Drawn {
        series: tl.series.len(),
        left_out: tl.left_out,
    })
}

/// A chart ready to be rendered on any backend.
struct Chart<'a> {
    plot: &'a Plot<'a>,
    tl: &'a Timeline,
    names: &'a [String],
    legend: &'a [(usize, f64)],
    height: f64,
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The x axis: its range in days from the first bucket, and its labelled ticks.
struct XAxis {
    lo: f64,
    hi: f64,
    ticks: Vec<(f64, String)>,
}

/// The y axis: its top, its ticks and the decimals their labels need.
struct YAxis {
    top: f64,
    ticks: Vec<f64>,
    places: usize,
}

/// The type of chart plotters builds on our two axes.
type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<TickedAxis, TickedAxis>>;

impl Chart<'_> {
    /// The first bucket's day (the origin of the x axis).
    fn first(&self) -> Date {
        self.tl.starts[0]
    }

    /// The x axis: half a bucket of room at either end, ticks on calendar boundaries.
    fn x_axis(&self) -> XAxis {
        let first = self.first();
        let last = *self.tl.starts.last().unwrap_or(&first);
        let pad = unit_days(self.plot.unit) * 0.5;
        let (lo, hi) = (-pad, days_from(first, last) + pad);
        let measure = |s: &str| text_width(s, LABEL_SIZE);
        let day0 = first
            .checked_sub(jiff::Span::new().days(pad.ceil() as i64))
            .unwrap_or(first);
        let day1 = last
            .checked_add(jiff::Span::new().days(pad.floor() as i64))
            .unwrap_or(last);
        let ticks = choose_ticks(self.plot.unit, day0, day1, PLOT_WIDTH, &measure)
            .into_iter()
            .map(|(d, l)| (days_from(first, d), l))
            // Whole days of padding may reach past the axis, which starts half a
            // bucket before the first.
            .filter(|(x, _)| (lo..=hi).contains(x))
            .collect();
        XAxis { lo, hi, ticks }
    }

    /// The y axis from 0 to a round number above the largest value (whole steps for
    /// counts; at most 100% for shares).
    fn y_axis(&self) -> YAxis {
        let ymax = self
            .tl
            .series
            .iter()
            .flat_map(|s| s.ys.iter().flatten().copied())
            .fold(0.0, f64::max);
        let whole = !self.plot.share;
        let step = y_step(ymax.max(if whole { 1.0 } else { 0.01 }) * 1.05, 6.0, whole);
        let mut top = ((ymax * 1.05 / step).ceil() * step).max(step);
        if self.plot.share && ymax <= 100.0 {
            top = top.min(100.0);
        }
        let ticks = (0..=((top / step).round() as usize))
            .map(|i| i as f64 * step)
            .collect();
        YAxis {
            top,
            ticks,
            places: decimals(step),
        }
    }

    /// Renders at `scale` device pixels per SVG unit: title, axes, shading, lines, legend.
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> DrawResult<DB> {
        let px = |v: f64| (v * scale).round() as u32;
        root.fill(&WHITE)?;
        let rows = self.legend.iter().map(|(r, _)| r + 1).max().unwrap_or(0);
        let legend_h = rows as f64 * LEGEND_ROW + MARGIN;
        let (upper, lower) = root.split_vertically(px(self.height - legend_h));
        // The title is drawn here, not as plotters' caption, whose height is estimated
        // smaller than the font's: the title would touch the plot.
        let title = fit(&self.plot.title, TITLE_SIZE, WIDTH - 2.0 * MARGIN);
        upper.draw(&Text::new(
            title,
            (px(WIDTH / 2.0) as i32, px(MARGIN) as i32),
            (FONT, TITLE_SIZE * scale)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        let body = upper.margin(px(TITLE_SIZE * 1.4 + 4.0), 0, 0, 0);
        let (x, y) = (self.x_axis(), self.y_axis());
        let mut chart = ChartBuilder::on(&body)
            .margin(px(MARGIN))
            .margin_right(px(RIGHT_MARGIN))
            .x_label_area_size(px(X_LABEL_AREA))
            .y_label_area_size(px(Y_LABEL_AREA))
            .build_cartesian_2d(
                TickedAxis {
                    lo: x.lo,
                    hi: x.hi,
                    ticks: x.ticks.iter().map(|(at, _)| *at).collect(),
                },
                TickedAxis {
                    lo: 0.0,
                    hi: y.top,
                    ticks: y.ticks.clone(),
                },
            )?;
        self.draw_mesh(&mut chart, &x, &y, scale)?;
        self.shade_empty_buckets(&mut chart, y.top)?;
        self.draw_lines(&mut chart, scale)?;
        self.draw_legend(&lower, scale)
    }

    /// The grid, the axes, their tick labels and their names.
    fn draw_mesh<DB: DrawingBackend>(
        &self,
        chart: &mut Plane<DB>,
        x: &XAxis,
        y: &YAxis,
        scale: f64,
    ) -> DrawResult<DB> {
        let px = |v: f64| (v * scale).round() as u32;
        let font = |size: f64| (FONT, size * scale).into_font();
        let label_of = |at: &f64| {
            x.ticks
                .iter()
                .find(|(t, _)| (t - at).abs() < 1e-6)
                .map(|(_, l)| l.clone())
                .unwrap_or_default()
        };
        let places = y.places;
        let y_label = |v: &f64| format!("{v:.places$}");
        let unit_desc = match self.plot.unit {
            Dim::Week => "week (ISO 8601)",
            u => u.name(),
        };
        chart
            .configure_mesh()
            .x_label_formatter(&label_of)
            .y_label_formatter(&y_label)
            .x_label_style(font(LABEL_SIZE))
            .y_label_style(font(LABEL_SIZE))
            .axis_desc_style(font(DESC_SIZE))
            .x_desc(unit_desc)
            .y_desc(if self.plot.share {
                "share of articles (%)"
            } else {
                "articles"
            })
            .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD).stroke_width(px(1.0)))
            .light_line_style(TRANSPARENT)
            .axis_style(BLACK.stroke_width(px(1.0)))
            .set_all_tick_mark_size(px(4.0))
            .draw()
    }

    /// One line per series, broken where a bucket has no value; dots on the points of
    /// short series and of runs of one or two points.
    fn draw_lines<DB: DrawingBackend>(&self, chart: &mut Plane<DB>, scale: f64) -> DrawResult<DB> {
        let px = |v: f64| (v * scale).round() as u32;
        let first = self.first();
        let xs: Vec<f64> = self
            .tl
            .starts
            .iter()
            .map(|d| days_from(first, *d))
            .collect();
        for (i, s) in self.tl.series.iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            let valued = s.ys.iter().flatten().count();
            let markers = valued <= MARKERS_UP_TO;
            // Thin lines where points are denser than a few pixels apart.
            let width = if valued as f64 > PLOT_WIDTH / 4.0 {
                1.0
            } else {
                2.0
            };
            let line = color.stroke_width(px(width));
            for run in runs(&s.ys) {
                let points: Vec<(f64, f64)> = run
                    .clone()
                    .map(|j| (xs[j], s.ys[j].unwrap_or(0.0)))
                    .collect();
                if scale > 1.0 {
                    // Bitmap lines wider than a pixel are filled polygons whose sharp
                    // joins spike far out of the chart: each segment is drawn alone,
                    // its joins rounded by a dot.
                    chart.draw_series(
                        points
                            .windows(2)
                            .map(|w| PathElement::new(vec![w[0], w[1]], line)),
                    )?;
                    chart.draw_series(
                        points
                            .iter()
                            .map(|p| Circle::new(*p, px(1.0), color.filled())),
                    )?;
                } else {
                    chart.draw_series(LineSeries::new(points.iter().copied(), line))?;
                }
                if markers || run.len() <= 2 {
                    chart.draw_series(
                        points
                            .iter()
                            .map(|p| Circle::new(*p, px(3.0), color.filled())),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Shades the runs of buckets without any article in the corpus, from their first
    /// day to the first day after them.
    fn shade_empty_buckets<DB: DrawingBackend>(
        &self,
        chart: &mut Plane<DB>,
        top: f64,
    ) -> DrawResult<DB> {
        let first = self.first();
        let flags: Vec<Option<f64>> = self.tl.empty.iter().map(|e| e.then_some(0.0)).collect();
        let span = chart.x_range();
        // Runs narrower than this are left out: at days over decades they would grey
        // the whole chart.
        let narrowest = (span.end - span.start) / PLOT_WIDTH * MIN_SHADE;
        for run in runs(&flags) {
            let from = days_from(first, self.tl.starts[run.start]);
            let last = self.tl.starts[run.end - 1];
            let to = days_from(first, bucket_end(self.plot.unit, last)).min(span.end);
            if to - from < narrowest {
                continue;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(from, 0.0), (to, top)],
                NO_ARTICLES_FILL.filled(),
            )))?;
        }
        Ok(())
    }

    /// The legend under the chart: a coloured line and the name of each series, and the
    /// shading of buckets without articles when there are any.
    fn draw_legend<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> DrawResult<DB> {
        let at = |v: f64| (v * scale).round() as i32;
        let style = (FONT, LABEL_SIZE * scale)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (i, (name, (row, x))) in self.names.iter().zip(self.legend).enumerate() {
            let color = COLORS[i % COLORS.len()];
            let x = MARGIN + Y_LABEL_AREA + x;
            let y = LEGEND_ROW * (*row as f64 + 0.5);
            if i >= self.tl.series.len() {
                area.draw(&Rectangle::new(
                    [(at(x), at(y - 7.0)), (at(x + 26.0), at(y + 7.0))],
                    NO_ARTICLES_FILL.filled(),
                ))?;
            } else {
                area.draw(&PathElement::new(
                    vec![(at(x), at(y)), (at(x + 26.0), at(y))],
                    color.stroke_width((2.0 * scale) as u32),
                ))?;
                area.draw(&Circle::new(
                    (at(x + 13.0), at(y)),
                    at(3.0) as u32,
                    color.filled(),
                ))?;
            }
            area.draw(&Text::new(
                name.clone(),
                (at(x + 34.0), at(y)),
                style.clone(),
            ))?;
        }
        Ok(())
    }
}

/// The runs of consecutive buckets that have a value (the pieces of a broken line).
fn runs(ys: &[Option<f64>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, y) in ys.iter().enumerate() {
        match (y.is_some(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..ys.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn labels(unit: Dim, first: &str, last: &str) -> Vec<String> {
        let measure = |s: &str| s.chars().count() as f64 * 8.0;
        choose_ticks(unit, d(first), d(last), 960.0, &measure)
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn bucket_keys_give_their_first_day() {
        assert_eq!(bucket_start(Dim::Year, "1987"), Some(d("1987-01-01")));
        assert_eq!(bucket_start(Dim::Month, "1987-03"), Some(d("1987-03-01")));
        assert_eq!(bucket_start(Dim::Week, "1987-W10"), Some(d("1987-03-02")));
        assert_eq!(bucket_start(Dim::Day, "1987-03-02"), Some(d("1987-03-02")));
        assert_eq!(bucket_start(Dim::Week, "1987-10"), None);
    }

    #[test]
    fn tick_step_follows_the_span() {
        assert_eq!(labels(Dim::Day, "1987-03-02", "1987-03-06").len(), 5);
        let weeks = labels(Dim::Week, "1987-02-23", "1987-04-27");
        assert!(weeks.iter().all(|l| l.contains("-W")), "{weeks:?}");
        let months = labels(Dim::Day, "1987-02-20", "1987-10-20");
        assert_eq!(months.first().map(String::as_str), Some("1987-03"));
        assert_eq!(months.last().map(String::as_str), Some("1987-10"));
        let years = labels(Dim::Month, "1950-01-01", "2024-12-01");
        assert!(
            years
                .iter()
                .all(|l| l.len() == 4 && l.parse::<i32>().unwrap() % 5 == 0),
            "{years:?}"
        );
        let centuries = labels(Dim::Year, "1600-01-01", "2024-01-01");
        assert!(
            centuries.len() >= 2 && centuries.len() <= 20,
            "{centuries:?}"
        );
    }

    #[test]
    fn labels_never_overlap() {
        let measure = |s: &str| s.chars().count() as f64 * 8.0;
        for (unit, first, last) in [
            (Dim::Day, "2024-01-01", "2024-01-03"),
            (Dim::Day, "2020-01-01", "2024-12-31"),
            (Dim::Week, "1987-01-01", "1987-12-31"),
            (Dim::Week, "1990-01-01", "2024-12-31"),
            (Dim::Month, "1987-02-01", "1987-10-01"),
            (Dim::Year, "1900-01-01", "2024-01-01"),
        ] {
            let ticks = choose_ticks(unit, d(first), d(last), 960.0, &measure);
            let widest = ticks.iter().map(|(_, l)| measure(l)).fold(0.0, f64::max);
            assert!(!ticks.is_empty(), "{unit:?} {first}..{last}");
            assert!(
                ticks.len() as f64 * (widest + LABEL_GAP) <= 960.0,
                "{ticks:?}"
            );
        }
    }

    #[test]
    fn runs_break_at_missing_values() {
        let ys = [Some(1.0), None, Some(0.0), Some(2.0), None];
        assert_eq!(runs(&ys), vec![0..1, 2..4]);
    }

    #[test]
    fn empty_buckets_are_gaps_and_no_matches_are_zero() {
        assert_eq!(value(0, Some(0), None, false), None);
        assert_eq!(value(0, Some(0), None, true), None);
        assert_eq!(value(0, Some(3), Some(0.0), false), Some(0.0));
        assert_eq!(value(1, Some(4), Some(0.25), true), Some(25.0));
    }

    #[test]
    fn y_steps_are_whole_for_counts() {
        assert_eq!(y_step(3.0, 6.0, true), 1.0);
        assert_eq!(y_step(1300.0, 6.0, true), 500.0);
        assert!((y_step(0.3, 6.0, false) - 0.05).abs() < 1e-12);
    }
}

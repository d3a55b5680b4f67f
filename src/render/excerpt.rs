//! What the human format shows of a file: the lines around a finding's labels, made safe for a
//! terminal and bounded in width.
//!
//! A finding's file can be anything a commit holds: a one-line minified bundle of megabytes,
//! a manifest with raw escape sequences in it. miette draws whole lines (and cannot draw past
//! column 65,535), so the renderer never hands it the file itself but an [`Excerpt`]:
//!
//! - only the lines from a little before the first label to a little after the last one;
//! - each line longer than [`MAX_LINE_CHARS`] cut to a window around its labels, with `…` where
//!   it was cut;
//! - every control character (except tab) and every bidirectional-text control written as
//!   `\u{1b}`, so nothing the file holds reaches the terminal as a control sequence.
//!
//! Line numbers and the `line:column` in the snippet's header stay those of the real file: the
//! excerpt maps each byte offset of the file to its place in the excerpt, and back.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diag::SourceFile;
use crate::diag::text::escape_controls;

/// The most characters of one line shown; a longer line is cut to a window around its labels.
pub const MAX_LINE_CHARS: usize = 160;

/// How many characters of a cut line are shown before the first label on it.
const LEAD_CHARS: usize = 40;

/// Lines kept before the first and after the last label (miette shows one of each).
const CONTEXT_LINES: usize = 2;

/// The most lines a label may cover; a longer label is cut to its first line.
const MAX_LABEL_LINES: usize = 50;

/// One line of the file as it appears in the excerpt.
#[derive(Debug)]
struct ExcerptLine {
    /// Where the line starts in the file, and where its text ends (before `\n` or `\r\n`).
    real_start: usize,
    real_end: usize,
    /// Where the line starts in the excerpt's text.
    virtual_start: usize,
    /// Char boundaries of the shown part: (offset in the real line, offset in the excerpt's
    /// line), ascending in both, from the window's start to its end.
    boundaries: Vec<(usize, usize)>,
}

impl ExcerptLine {
    /// The excerpt offset of a real offset on this line (clamped to the shown window).
    fn to_virtual(&self, real: usize) -> usize {
        let relative = real.saturating_sub(self.real_start);
        let at = match self.boundaries.binary_search_by(|(r, _)| r.cmp(&relative)) {
            Ok(i) => i,
            // Inside a character or past the window: the next boundary, or the last one.
            Err(i) => i.min(self.boundaries.len().saturating_sub(1)),
        };
        self.virtual_start + self.boundaries.get(at).map_or(0, |(_, v)| *v)
    }

    /// The real offset of an excerpt offset on this line.
    fn to_real(&self, virtual_offset: usize) -> usize {
        let relative = virtual_offset.saturating_sub(self.virtual_start);
        let at = match self.boundaries.binary_search_by(|(_, v)| v.cmp(&relative)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        self.real_start + self.boundaries.get(at).map_or(0, |(r, _)| *r)
    }
}

/// The part of a file a finding shows, as miette reads it (see the module documentation).
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    /// The 0-based number of the first line of `text` in the file.
    first_line: usize,
    lines: Vec<ExcerptLine>,
}

impl Excerpt {
    /// The excerpt of `file` around `ranges` (byte ranges of the file), and those ranges as
    /// offsets into the excerpt, in the same order.
    pub fn new(file: &SourceFile, ranges: &[Range<usize>]) -> (Excerpt, Vec<Range<usize>>) {
        let text = file.text();
        let ranges: Vec<Range<usize>> = ranges
            .iter()
            .map(|r| {
                // A span inside a character (no finding makes one, but the renderer must not
                // trust that) is widened to the characters it touches.
                let start = char_start(text, r.start.min(text.len()));
                let end = char_start(text, r.end.clamp(start, text.len()));
                bounded(file, start..end)
            })
            .collect();
        let first = ranges
            .iter()
            .map(|r| file.position(r.start).line - 1)
            .min()
            .unwrap_or(0)
            .saturating_sub(CONTEXT_LINES);
        let last = ranges
            .iter()
            .map(|r| file.position(r.end).line - 1)
            .max()
            .unwrap_or(0)
            + CONTEXT_LINES;
        let mut excerpt = Excerpt {
            name: escape_controls(file.name()).into_owned(),
            text: String::new(),
            first_line: first,
            lines: Vec::new(),
        };
        let mut line_number = first;
        while line_number <= last {
            let Some(start) = file.line_start(line_number + 1) else {
                break;
            };
            let rest = &text[start..];
            let (content, ending) = match rest.find('\n') {
                Some(n) if rest[..n].ends_with('\r') => (&rest[..n - 1], "\r\n"),
                Some(n) => (&rest[..n], "\n"),
                None => (rest, ""),
            };
            let points: Vec<usize> = ranges
                .iter()
                .flat_map(|r| [r.start, r.end])
                .filter(|p| (start..=start + content.len()).contains(p))
                .map(|p| p - start)
                .collect();
            excerpt.push_line(start, content, &points);
            excerpt.text.push_str(ending);
            if ending.is_empty() {
                break;
            }
            line_number += 1;
        }
        let mapped = ranges
            .iter()
            .map(|r| excerpt.to_virtual(r.start)..excerpt.to_virtual(r.end))
            .collect();
        (excerpt, mapped)
    }

    /// Appends one line: escaped, and cut to a window around `points` (offsets in the line)
    /// when it is too long.
    fn push_line(&mut self, real_start: usize, content: &str, points: &[usize]) {
        let chars: Vec<(usize, char)> = content.char_indices().collect();
        let (window, cut_before, cut_after) = if chars.len() > MAX_LINE_CHARS {
            let first_point = points.iter().min().copied().unwrap_or(0);
            let first_char = chars.partition_point(|(i, _)| *i < first_point);
            let start = first_char
                .saturating_sub(LEAD_CHARS)
                .min(chars.len() - MAX_LINE_CHARS);
            let end = start + MAX_LINE_CHARS;
            (start..end, start > 0, end < chars.len())
        } else {
            (0..chars.len(), false, false)
        };
        let virtual_start = self.text.len();
        let mut line = String::new();
        let mut boundaries = Vec::with_capacity(window.len() + 1);
        if cut_before {
            line.push('…');
        }
        for &(offset, c) in &chars[window.clone()] {
            boundaries.push((offset, line.len()));
            let mut buffer = [0; 4];
            line.push_str(&escape_controls(c.encode_utf8(&mut buffer)));
        }
        let window_end = chars.get(window.end).map_or(content.len(), |(i, _)| *i);
        boundaries.push((window_end, line.len()));
        if cut_after {
            line.push('…');
        }
        self.text.push_str(&line);
        self.lines.push(ExcerptLine {
            real_start,
            real_end: real_start + content.len(),
            virtual_start,
            boundaries,
        });
    }

    /// The excerpt offset of a file offset; offsets outside the shown lines are clamped.
    fn to_virtual(&self, real: usize) -> usize {
        let index = self.lines.partition_point(|l| l.real_start <= real);
        match index.checked_sub(1).and_then(|i| self.lines.get(i)) {
            None => 0,
            Some(line) if real > line.real_end => {
                // The line ending: the start of the next line, or the end of the excerpt.
                self.lines
                    .get(index)
                    .map_or(self.text.len(), |next| next.virtual_start)
            }
            Some(line) => line.to_virtual(real),
        }
    }

    /// The file offset of an excerpt offset.
    fn to_real(&self, virtual_offset: usize) -> usize {
        let index = self
            .lines
            .partition_point(|l| l.virtual_start <= virtual_offset);
        index
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or(0, |line| line.to_real(virtual_offset))
    }

    /// The real line start of the line that holds a file offset.
    fn real_line_start(&self, real: usize) -> usize {
        let index = self.lines.partition_point(|l| l.real_start <= real);
        index
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or(0, |l| l.real_start)
    }
}

/// The start of the character that holds byte `offset` (`offset` itself on a boundary).
fn char_start(text: &str, offset: usize) -> usize {
    (0..=offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// A label over more than [`MAX_LABEL_LINES`] lines, cut to its first line.
fn bounded(file: &SourceFile, range: Range<usize>) -> Range<usize> {
    let (start, end) = (file.position(range.start), file.position(range.end));
    if end.line - start.line <= MAX_LABEL_LINES {
        return range;
    }
    let text = file.text();
    let line_end = text[range.start..]
        .find('\n')
        .map_or(text.len(), |n| range.start + n);
    range.start..line_end
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette's column is the byte column of the span on its line when no line comes
        // before it: the column of the real file, not of the excerpt.
        let column = if context_lines_before == 0 {
            let real = self.to_real(span.offset());
            real - self.real_line_start(real)
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            self.first_line + inner.line(),
            column,
            // miette's line count is the number of line breaks from the start of the text:
            // it decides whether two labels share one snippet.
            self.first_line + inner.line_count(),
        )))
    }
}

#[cfg(test)]
#[allow(
    clippy::single_range_in_vec_init,
    reason = "a slice of one label's range is what Excerpt::new takes"
)]
mod tests {
    use super::*;

    fn excerpt(text: &str, ranges: &[Range<usize>]) -> (Excerpt, Vec<Range<usize>>) {
        Excerpt::new(&SourceFile::new("f.json", text), ranges)
    }

    #[test]
    fn short_clean_lines_are_shown_as_they_are() {
        let text = "a\nbb\nccc\ndddd\neeeee\nf\n";
        let (e, mapped) = excerpt(text, &[5..8]);
        // Two lines of context before and after line 3.
        assert_eq!(e.first_line, 0);
        assert_eq!(e.text, "a\nbb\nccc\ndddd\neeeee\n");
        assert_eq!(mapped, vec![5..8]);
        assert_eq!(&e.text[mapped[0].clone()], "ccc");
    }

    #[test]
    fn later_lines_keep_their_numbers() {
        let text = "1\n2\n3\n4\n5\n6\n7\n";
        let (e, mapped) = excerpt(text, &[10..11]);
        assert_eq!(e.first_line, 3);
        assert_eq!(&e.text[mapped[0].clone()], "6");
        let contents = e.read_span(&(mapped[0].start, 1).into(), 0, 0).unwrap();
        assert_eq!(contents.line(), 5);
    }

    #[test]
    fn control_characters_are_escaped_and_spans_follow() {
        let text = "{\"a\": \"x\u{1b}[2Jy\"}";
        let start = text.find('y').unwrap();
        let (e, mapped) = excerpt(text, &[start..start + 1]);
        assert!(!e.text.contains('\u{1b}'), "{:?}", e.text);
        assert!(e.text.contains("\\u{1b}[2J"));
        assert_eq!(&e.text[mapped[0].clone()], "y");
        assert!(!e.name.contains('\u{1b}'));
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_label() {
        let text = format!("{}{{x", " ".repeat(70_000));
        let at = text.find('{').unwrap();
        let (e, mapped) = excerpt(&text, &[at..at + 2]);
        assert!(e.text.chars().count() <= MAX_LINE_CHARS + 2);
        assert!(e.text.starts_with('…'));
        assert_eq!(&e.text[mapped[0].clone()], "{x");
        // The header's column is the real one.
        let contents = e.read_span(&(mapped[0].start, 2).into(), 0, 0).unwrap();
        assert_eq!(contents.column(), 70_000);
        assert_eq!(contents.line(), 0);
    }

    #[test]
    fn a_label_past_the_window_is_clamped_to_it() {
        let text = format!("{}x{}", "a".repeat(10), "b".repeat(1000));
        let (e, mapped) = excerpt(&text, &[10..text.len()]);
        assert!(mapped[0].end <= e.text.len());
        assert!(mapped[0].start < mapped[0].end);
    }

    #[test]
    fn crlf_line_endings_are_kept() {
        let text = "a\r\nbb\r\ncc\r\n";
        let (e, mapped) = excerpt(text, &[3..5]);
        assert_eq!(e.text, text);
        assert_eq!(mapped, vec![3..5]);
    }

    #[test]
    fn a_label_over_many_lines_is_cut_to_its_first_line() {
        let text = format!("x(\n{}\n)", "1,\n".repeat(100));
        let (e, mapped) = excerpt(&text, &[0..text.len()]);
        assert_eq!(&e.text[mapped[0].clone()], "x(");
    }

    #[test]
    fn spans_inside_a_character_do_not_panic() {
        // Found by the `human` fuzz target: a label starting inside a multi-byte character.
        // A label over more lines than are drawn, starting inside a character.
        let text = "ab\u{fffd}cd\n".repeat(80);
        for start in 0..12 {
            let (e, mapped) = excerpt(&text, &[start..text.len()]);
            assert!(mapped[0].end <= e.text.len());
            assert!(
                e.text.is_char_boundary(mapped[0].start) && e.text.is_char_boundary(mapped[0].end)
            );
        }
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let reversed = std::ops::Range { start: 2, end: 1 };
        let (e, mapped) = excerpt("abc", &[10..20, reversed]);
        assert_eq!(mapped.len(), 2);
        assert!(mapped.iter().all(|r| r.end <= e.text.len()));
    }
}

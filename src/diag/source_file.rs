//! A text file that findings point into, with line lookup for line:column positions.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A named text (extension.json, a JavaScript file, a versions list) that findings point into.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and column. Columns count Unicode scalar values (characters), not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The name shown to the user (`my-ext/extension.json`).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The byte offset where 1-based `line` starts, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The range of the character at a 1-based `line` and 1-based byte `column` (serde_json
    /// counts so; 0 is read as 1), clamped to the text: empty at its end.
    pub fn char_at(&self, line: usize, column: usize) -> Range<usize> {
        let text = self.text.as_str();
        let line_start = self.line_start(line.max(1)).unwrap_or(text.len());
        let mut offset = (line_start + column.max(1) - 1).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let end = text[offset..]
            .chars()
            .next()
            .map_or(offset, |c| offset + c.len_utf8());
        offset..end
    }

    /// The position of a byte offset. Offsets past the end are clamped; offsets inside a
    /// multi-byte character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = self.text.get(start..).map_or(0, |rest| {
            rest.char_indices()
                .take_while(|(i, _)| start + i < offset)
                .count()
        });
        Position {
            line: line_index + 1,
            column: column + 1,
        }
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let file = SourceFile::new("x", "ab\nçd\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        // 'ç' is two bytes: 'd' is the second character of line 2.
        assert_eq!(file.position(5), Position { line: 2, column: 2 });
        assert_eq!(file.position(7), Position { line: 3, column: 1 });
        assert_eq!(file.position(99), Position { line: 3, column: 1 });
    }

    #[test]
    fn characters_at_line_and_byte_column() {
        let file = SourceFile::new("x", "ab\nçd");
        assert_eq!(file.char_at(1, 2), 1..2);
        assert_eq!(file.char_at(2, 1), 3..5);
        // Inside 'ç': the whole character.
        assert_eq!(file.char_at(2, 2), 3..5);
        assert_eq!(file.char_at(1, 0), 0..1);
        assert_eq!(file.char_at(9, 9), 6..6);
    }
}

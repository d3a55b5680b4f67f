//! How deeply a JavaScript file nests, estimated from above while the scanner lexes it.
//!
//! A recursive-descent parser (oxc's, and the platform's minifier's) descends once per level
//! of nesting, and a hostile file of a million `[` would exhaust any thread's stack: the
//! process would abort, which no error handling can catch. So before a file is parsed, its
//! nesting is bounded from the tokens the scanner sees, and a file nested deeper than
//! [`MAX_NESTING`] is reported instead of parsed.
//!
//! The estimate counts, at every point of the file:
//!
//! - each open bracket (`(`, `[`, `{`, a template's `${`) as one level;
//! - inside each bracket, the tokens whose operand the parser reads by descending once more:
//!   prefix operators (`!`, `~`, unary `+ - ++ --`, `typeof`, `void`, `delete`, `new`,
//!   `await`, `yield`, `...`), right-associative ones (`=` and the compound assignments,
//!   `**`, `? :`, `=>`), `async`, `return`, `throw`: until the next `,` or `;`;
//! - and statement heads (`if`, `else`, `for`, `while`, `do`, `with`) until the statement
//!   ends: at a `;` or a block's `}` not followed by `else` or `while`, or at a `case` or
//!   `default` clause of a `switch`.
//!
//! It counts some tokens that do not nest (the `:` of an object key, both halves of a
//! conditional), so it errs upwards, never by more than a small factor on real code.
//! It relies on the scanner telling code from strings, comments and regular expressions; the
//! scanner's known approximations (README of `scanner.rs`) could hide brackets from it in a
//! file crafted to do so, which is why the parser also runs on threads with a large stack.

/// The deepest nesting parsed: real code stays far below (minified bundles reach a few
/// hundred at most), and the platform's minifier, itself recursive, fails long before.
pub const MAX_NESTING: usize = 2_000;

/// The running estimate.
#[derive(Debug, Default)]
pub(super) struct Counter {
    /// For each open bracket, the expression and statement chains of the level around it.
    levels: Vec<(usize, usize)>,
    /// Chains of the current level.
    expression: usize,
    statement: usize,
    /// The estimate here: every open level plus every chain.
    total: usize,
    /// The deepest estimate so far and where it was reached (a byte offset).
    max: usize,
    max_at: usize,
}

/// The deepest nesting of a file and where it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Nesting {
    pub depth: usize,
    /// The byte offset of the token where it was reached.
    pub at: usize,
}

impl Counter {
    /// An opening bracket at `at`.
    pub(super) fn open(&mut self, at: usize) {
        self.levels.push((self.expression, self.statement));
        self.expression = 0;
        self.statement = 0;
        self.grow(at);
    }

    /// A closing bracket; a stray one (more closed than opened) changes nothing.
    pub(super) fn close(&mut self) {
        if let Some((expression, statement)) = self.levels.pop() {
            self.total = self
                .total
                .saturating_sub(1 + self.expression + self.statement);
            self.expression = expression;
            self.statement = statement;
        }
    }

    /// A token whose operand is parsed one level deeper, until the next `,` or `;`.
    pub(super) fn operator(&mut self, at: usize) {
        self.expression += 1;
        self.grow(at);
    }

    /// A statement head (`if`, `for`, …), nested until its statement ends.
    pub(super) fn statement(&mut self, at: usize) {
        self.statement += 1;
        self.grow(at);
    }

    /// A `,`: the operators before it are done.
    pub(super) fn end_expression(&mut self) {
        self.total = self.total.saturating_sub(self.expression);
        self.expression = 0;
    }

    /// The end of a statement (`;`, or a block's `}`): its heads are done unless `continues`
    /// (an `else` or the `while` of a `do` follows).
    pub(super) fn end_statement(&mut self, continues: bool) {
        self.end_expression();
        if !continues {
            self.total = self.total.saturating_sub(self.statement);
            self.statement = 0;
        }
    }

    fn grow(&mut self, at: usize) {
        self.total += 1;
        if self.total > self.max {
            self.max = self.total;
            self.max_at = at;
        }
    }

    pub(super) fn deepest(&self) -> Nesting {
        Nesting {
            depth: self.max,
            at: self.max_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_chains_add_up_and_end_where_they_should() {
        let mut c = Counter::default();
        c.operator(0); // x = …
        c.open(1); // (
        c.operator(2); // !
        c.operator(3); // !
        assert_eq!(c.deepest(), Nesting { depth: 4, at: 3 });
        c.end_expression(); // ,
        c.operator(5);
        c.close(); // )
        c.statement(7); // if
        c.end_statement(true); // `;` then `else`
        c.statement(9); // else
        c.open(10);
        c.open(11);
        assert_eq!(c.total, 4);
        c.open(12);
        c.close();
        c.close();
        c.close();
        c.end_statement(false);
        c.close(); // stray
        assert_eq!(c.total, 0);
        assert_eq!(c.deepest(), Nesting { depth: 5, at: 12 });
    }
}

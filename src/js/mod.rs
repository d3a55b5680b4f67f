//! JavaScript: what extpack needs to know of library modules — the `require()` calls and how
//! deeply the code nests (one linear scan), and whether it compiles (a real parser).

mod literal;
pub mod nesting;
pub mod scanner;
pub mod syntax;

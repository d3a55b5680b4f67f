//! JavaScript: what extpack needs to know of library modules.

pub mod scanner;

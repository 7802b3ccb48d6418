//! One module per subcommand, each with a `run` entry point.

pub mod index;
pub mod search;

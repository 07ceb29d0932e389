//! The command's exit statuses beyond 0 (success), 1 (a check failed) and 2 (malformed input):
//! the sysexits codes for a wrong command line and an input file that cannot be read, so that
//! neither is mistaken for a malformed input.

/// EX_USAGE: the command line is wrong (unknown option, missing argument, bad value).
pub const USAGE: u8 = 64;
/// EX_NOINPUT: an input file does not exist or cannot be read.
pub const NO_INPUT: u8 = 66;
/// EX_UNAVAILABLE: the sandbox `paykassma trigger` talks to cannot be reached.
pub const UNAVAILABLE: u8 = 69;

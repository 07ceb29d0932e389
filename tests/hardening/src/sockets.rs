//! How many TCP connections a run opened to a port, read from Linux's `/proc/net/tcp{,6}`.
//! Closed connections linger there in TIME_WAIT for a minute, so the set of client ports seen
//! after a run of a few seconds covers every connection it opened: a measure of connection reuse.

use std::collections::HashSet;

/// The client-side ports of every connection to or from `port` (open or recently closed);
/// `None` where `/proc/net/tcp` does not exist.
pub fn peer_ports(port: u16) -> Option<HashSet<u16>> {
    let mut found = HashSet::new();
    let mut any = false;
    for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        any = true;
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(remote), Some(state)) = (cols.get(1), cols.get(2), cols.get(3))
            else {
                continue;
            };
            // 0A is LISTEN: the server socket itself, not a connection.
            if *state == "0A" {
                continue;
            }
            let (lp, rp) = (port_of(local), port_of(remote));
            if rp == Some(port) {
                found.extend(lp);
            } else if lp == Some(port) {
                found.extend(rp);
            }
        }
    }
    any.then_some(found)
}

fn port_of(address: &str) -> Option<u16> {
    u16::from_str_radix(address.rsplit(':').next()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::port_of;

    #[test]
    fn ports_are_read_from_proc_net_tcp_addresses() {
        assert_eq!(port_of("0100007F:1F90"), Some(8080));
        assert_eq!(port_of("00000000000000000000000001000000:0050"), Some(80));
        assert_eq!(port_of("garbage"), None);
    }
}

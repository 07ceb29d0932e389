//! The `cut_connection` fault: close a request's TCP connection without answering. tiny_http owns
//! the socket and answers a dropped request with a 500, so the socket is found among this
//! process's descriptors by its two addresses and shut down.

use std::net::SocketAddr;

#[cfg(unix)]
pub fn cut(local_port: u16, peer: SocketAddr) -> bool {
    use std::mem::ManuallyDrop;
    use std::net::{Shutdown, TcpStream};
    use std::os::fd::FromRawFd;

    let fds: Vec<i32> = match std::fs::read_dir("/proc/self/fd") {
        Ok(dir) => dir
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect(),
        Err(_) => (3..4096).collect(),
    };
    for fd in fds {
        // SAFETY: the stream is never dropped (ManuallyDrop), so the descriptor is not closed and
        // stays owned by whoever opened it; on descriptors that are not TCP sockets the address
        // queries simply fail.
        let stream = ManuallyDrop::new(unsafe { TcpStream::from_raw_fd(fd) });
        let matches = stream.local_addr().ok().map(|a| a.port()) == Some(local_port)
            && stream.peer_addr().ok() == Some(peer);
        if matches {
            return stream.shutdown(Shutdown::Both).is_ok();
        }
    }
    false
}

#[cfg(not(unix))]
pub fn cut(_local_port: u16, _peer: SocketAddr) -> bool {
    false
}

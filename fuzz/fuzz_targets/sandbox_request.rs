//! The sandbox's HTTP request parser never panics on any bytes; a complete request takes no
//! more than it was given, respects the body limit, and parses the same from exactly its own
//! bytes (what the connection loop relies on when requests are pipelined).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paykassma_sandbox::http::{parse_request, Limits, Parsed};

fuzz_target!(|data: &[u8]| {
    // Small limits so the fuzzer reaches them.
    let limits = Limits {
        max_head: 512,
        max_headers: 8,
        max_body: 256,
    };
    for limits in [limits, Limits::default()] {
        match parse_request(data, &limits) {
            Ok(Parsed::Complete(request, used)) => {
                assert!(used <= data.len());
                assert!(request.body.len() <= limits.max_body);
                assert!(request.headers.len() <= limits.max_headers);
                match parse_request(&data[..used], &limits) {
                    Ok(Parsed::Complete(again, used_again)) => {
                        assert_eq!(again, request);
                        assert_eq!(used_again, used);
                    }
                    other => panic!("its own bytes parse differently: {other:?}"),
                }
            }
            Ok(Parsed::Partial { .. }) => {}
            Err(e) => assert!(matches!(e.status, 400 | 413 | 431 | 501 | 505)),
        }
    }
});

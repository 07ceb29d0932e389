use std::hint::black_box;
use std::time::Instant;
const BODY: &str = include_str!("../benches/data/postback_6kb.json");
fn t(name: &str, mut f: impl FnMut()) {
    let n = 20000;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let s = Instant::now();
        for _ in 0..n / 5 {
            f();
        }
        best = best.min(s.elapsed().as_secs_f64() * 1e6 / (n / 5) as f64);
    }
    println!("{name:30} {best:8.3}us");
}
fn main() {
    use md5::Digest;
    let pb = paykassma::verify_postback(BODY.as_bytes(), "bench-postback-key").unwrap();
    let sj = pb.signed_json().to_owned();
    println!("signed_json {} bytes", sj.len());
    let compact = paykassma::php::encode(&paykassma::php::decode(BODY).unwrap()).unwrap();
    println!("compact body {} bytes", compact.len());
    t("from_utf8", || {
        black_box(std::str::from_utf8(black_box(BODY.as_bytes())).unwrap());
    });
    t("decode whole", || {
        black_box(paykassma::php::decode(black_box(BODY)).unwrap());
    });
    t("md5 signed", || {
        black_box(md5::Md5::digest(black_box(sj.as_bytes())));
    });
    t("verify", || {
        black_box(
            paykassma::verify_postback(black_box(BODY.as_bytes()), "bench-postback-key").unwrap(),
        );
    });
    t("verify compact", || {
        black_box(
            paykassma::verify_postback(black_box(compact.as_bytes()), "bench-postback-key").ok(),
        );
    });
}

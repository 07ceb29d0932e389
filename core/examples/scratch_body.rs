use std::hint::black_box;
use std::time::Instant;
fn main() {
    let body = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let key = std::env::args().nth(2).unwrap();
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let s = Instant::now();
        for _ in 0..4000 {
            black_box(paykassma::verify_postback(black_box(&body), &key).unwrap());
        }
        best = best.min(s.elapsed().as_secs_f64() * 1e6 / 4000.0);
    }
    println!("verify {best:.2}us");
}

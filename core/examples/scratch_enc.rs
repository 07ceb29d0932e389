fn main() {
    let s = std::io::read_to_string(std::io::stdin()).unwrap();
    for l in s.lines() {
        let v = paykassma::php::decode(l).unwrap();
        let e = paykassma::php::encode(&v).unwrap();
        println!("{}\n{}\n", l == e, e);
    }
}

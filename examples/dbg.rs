use std::sync::Arc;
fn main() {
    let rules = Arc::new(oktaleaks::rules::load_builtin().unwrap());
    let mut m = oktaleaks::matcher::Matcher::new(rules);
    let text = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    println!("{:?}", m.scan(&text));
}

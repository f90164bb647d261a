//! Walk the semantic model: proxies, their servers and stick tables, and the
//! peers sections with their peers' addresses.
//!
//! `cargo run --example walk_model -- corpus/reference/haproxy.cfg`

use halint::model::Model;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "corpus/reference/haproxy.cfg".into());
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let parse = halint::parse(&src);
    let model = Model::build(&parse);
    for peers in &model.peers {
        println!("peers {}", peers.name);
        for p in &peers.peers {
            let addr = p.item.address.as_ref().map_or("(none)".to_owned(), |(a, _)| a.text.clone());
            println!("  peer {} at {addr}", p.item.name);
        }
    }
    for proxy in &model.proxies {
        let name = proxy.name.as_deref().unwrap_or("(anonymous)");
        let servers: Vec<_> = proxy.servers(&parse).map(|s| s.item.name).collect();
        let table = proxy.stick_tables.first().map(|t| match &t.item.peers {
            Some((peers, _)) => format!("shared with peers '{peers}'"),
            None => "not shared".to_owned(),
        });
        println!(
            "{} {name}: servers {servers:?}, stick-table {}",
            proxy.kind,
            table.unwrap_or_else(|| "none".into())
        );
    }
}

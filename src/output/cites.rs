//! The citation network for people (a table), for spreadsheets (CSV/TSV:
//! `source,target,kind,articles`), for programs (JSON Lines, one edge each) and for graph
//! tools: GEXF 1.3 and GraphML, whose nodes are outlets and sources (with their kind) and
//! whose directed edges weigh the number of citing articles; Gephi reads both.

use crate::output::csv::{self as csvout, Style};
use crate::output::visible;
use crate::search::citations::CiteNetwork;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Writes the edges as a table with a header line.
pub fn write_human(out: &mut dyn Write, net: &CiteNetwork) -> io::Result<()> {
    writeln!(
        out,
        "{} matching articles, {} edges",
        net.articles,
        net.edges.len()
    )?;
    if net.edges.is_empty() {
        return Ok(());
    }
    writeln!(out, "articles  kind       outlet -> cited source")?;
    for e in &net.edges {
        writeln!(
            out,
            "{:>8}  {:<9}  {} -> {}",
            e.articles,
            e.kind.as_str(),
            visible::line(&e.source),
            visible::line(&e.target)
        )?;
    }
    Ok(())
}

/// Writes `source,target,kind,articles` rows.
pub fn write_csv(out: &mut dyn Write, style: Style, net: &CiteNetwork) -> io::Result<()> {
    csvout::write_header(out, style, &["source", "target", "kind", "articles"])?;
    for e in &net.edges {
        let cells = [
            e.source.clone(),
            e.target.clone(),
            e.kind.as_str().to_string(),
            e.articles.to_string(),
        ];
        csvout::write_record(out, style, &cells, &[true, true, true, false])?;
    }
    Ok(())
}

/// Writes one JSON object per edge.
pub fn write_json(out: &mut dyn Write, net: &CiteNetwork) -> io::Result<()> {
    for e in &net.edges {
        let v = serde_json::json!({
            "version": crate::output::wire::JSON_VERSION,
            "source": e.source,
            "target": e.target,
            "kind": e.kind.as_str(),
            "articles": e.articles,
        });
        writeln!(out, "{v}")?;
    }
    Ok(())
}

/// The nodes of the network: each name once, with its kind (`outlet` for a citing
/// outlet; a cited source keeps the kind it was cited as first).
fn nodes(net: &CiteNetwork) -> BTreeMap<&str, &'static str> {
    let mut nodes = BTreeMap::new();
    for e in &net.edges {
        nodes.insert(e.source.as_str(), "outlet");
    }
    for e in &net.edges {
        nodes.entry(e.target.as_str()).or_insert(e.kind.as_str());
    }
    nodes
}

fn xml(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the network as GEXF 1.3 (directed, weighted by articles).
pub fn write_gexf(out: &mut dyn Write, net: &CiteNetwork) -> io::Result<()> {
    let nodes = nodes(net);
    let ids: BTreeMap<&str, usize> = nodes.keys().enumerate().map(|(i, n)| (*n, i)).collect();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" version="1.3"><meta><creator>newsdex</creator><description>outlet to cited source, weighted by citing articles</description></meta>"#
    )?;
    writeln!(out, r#"<graph defaultedgetype="directed">"#)?;
    writeln!(
        out,
        r#"<attributes class="node"><attribute id="kind" title="kind" type="string"/></attributes>"#
    )?;
    writeln!(
        out,
        r#"<attributes class="edge"><attribute id="kind" title="kind" type="string"/></attributes>"#
    )?;
    writeln!(out, "<nodes>")?;
    for (name, kind) in &nodes {
        writeln!(
            out,
            r#"<node id="n{}" label="{}"><attvalues><attvalue for="kind" value="{kind}"/></attvalues></node>"#,
            ids[name],
            xml(name)
        )?;
    }
    writeln!(out, "</nodes>\n<edges>")?;
    for (i, e) in net.edges.iter().enumerate() {
        writeln!(
            out,
            r#"<edge id="e{i}" source="n{}" target="n{}" weight="{}"><attvalues><attvalue for="kind" value="{}"/></attvalues></edge>"#,
            ids[e.source.as_str()],
            ids[e.target.as_str()],
            e.articles,
            e.kind.as_str()
        )?;
    }
    writeln!(out, "</edges>\n</graph>\n</gexf>")
}

/// Writes the network as GraphML (directed, `articles` and `kind` on each edge).
pub fn write_graphml(out: &mut dyn Write, net: &CiteNetwork) -> io::Result<()> {
    let nodes = nodes(net);
    let ids: BTreeMap<&str, usize> = nodes.keys().enumerate().map(|(i, n)| (*n, i)).collect();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
    )?;
    writeln!(
        out,
        r#"<key id="label" for="node" attr.name="label" attr.type="string"/>
<key id="nkind" for="node" attr.name="kind" attr.type="string"/>
<key id="articles" for="edge" attr.name="articles" attr.type="int"/>
<key id="ekind" for="edge" attr.name="kind" attr.type="string"/>
<graph id="cites" edgedefault="directed">"#
    )?;
    for (name, kind) in &nodes {
        writeln!(
            out,
            r#"<node id="n{}"><data key="label">{}</data><data key="nkind">{kind}</data></node>"#,
            ids[name],
            xml(name)
        )?;
    }
    for e in &net.edges {
        writeln!(
            out,
            r#"<edge source="n{}" target="n{}"><data key="articles">{}</data><data key="ekind">{}</data></edge>"#,
            ids[e.source.as_str()],
            ids[e.target.as_str()],
            e.articles,
            e.kind.as_str()
        )?;
    }
    writeln!(out, "</graph>\n</graphml>")
}

/// The dashboard's own rules, on top of `report.html`'s stylesheet
/// (`ReportHTMLStyle`), so both look alike: the site cards, the period
/// picker, the range navigation, focus rings and the error box.
enum DashboardStyle {
    /// CSS text, inlined after the report's. Top tables size their number
    /// columns to their content (`width:1%`, no wrapping, so a header such as
    /// "Pageviews" never breaks inside the word) and give the rest to the key
    /// column, which wraps anywhere: nothing is wider than a 390 px window.
    static let css = """
        a{color:var(--accent)}
        :focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:6px}
        .crumbs{margin:0 0 14px;font-size:.9rem}
        .picker{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;margin:0 0 18px}
        .periods{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
        .periods a{display:inline-block;padding:6px 12px;border:1px solid var(--rule);border-radius:999px;\
        background:var(--panel);color:var(--fg);text-decoration:none;font-size:.875rem;font-weight:600}
        .periods a[aria-current]{background:var(--accent);border-color:var(--accent);color:var(--panel)}
        .custom{display:flex;flex-wrap:wrap;align-items:flex-end;gap:6px 8px;margin:0}
        .custom label{display:flex;flex-direction:column;color:var(--muted);font-size:.75rem;font-weight:600}
        .custom input,.custom button{font:inherit;font-size:.875rem;padding:5px 8px;border:1px solid var(--rule);\
        border-radius:8px;background:var(--panel);color:var(--fg);max-width:100%}
        .custom button{font-weight:600;cursor:pointer}
        .steps{display:flex;gap:12px;margin:0 0 14px;font-size:.9rem}
        .sites{display:grid;gap:14px;grid-template-columns:repeat(auto-fill,minmax(min(100%,320px),1fr))}
        .site-card{display:block;padding:14px 16px;color:var(--fg);text-decoration:none}
        .site-card h2{margin:0;font-size:1.1rem;overflow-wrap:anywhere}
        .site-card .meta{margin:2px 0 8px;color:var(--muted);font-size:.8rem}
        .site-card .nums{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.9rem;font-variant-numeric:tabular-nums}
        .site-card .nums b{font-size:1.15rem}
        .recent{display:flex;flex-wrap:wrap;align-items:center;gap:3px;margin:0 0 6px;color:var(--muted);font-size:.75rem}
        .recent .day{width:10px;height:10px;border-radius:2px;background:var(--good);box-sizing:border-box}
        .recent .day.empty{background:var(--rule)}
        .recent .day.partial{background:none;border:2px solid var(--bad)}
        .recent .day.missing{background:var(--bad)}
        .recent .day.in_progress{background:none;border:2px dashed var(--muted)}
        .recent .open{color:var(--bad);font-weight:600}
        .recent span:last-child{margin-left:6px;flex:1 1 12em}
        .badge.going{background:var(--rule);color:var(--fg)}
        .recent span.going{margin-left:0;color:var(--muted);font-weight:400}
        .spark{display:block;width:100%;height:56px;margin-top:8px}
        .error{padding:12px 16px;border-radius:10px;background:var(--warn-bg);color:var(--bad);font-weight:600}
        .note{color:var(--muted);font-size:.8rem}
        [hidden]{display:none !important}
        .top table{table-layout:auto}
        .top th{word-break:normal;overflow-wrap:normal}
        .top th.num,.top td.num{width:1%;white-space:nowrap}
        .top td.k{word-break:normal;overflow-wrap:anywhere}
        @media (max-width:720px){.custom label{flex:1 1 8.5em}.steps{justify-content:space-between}\
        .top th,.top td{padding-left:5px;padding-right:5px}}

        """
}

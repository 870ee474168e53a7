/// The stylesheet of `report.html`: light and dark colour schemes, a phone
/// layout below 720 px wide (nothing wider than a 360 px screen), and a print
/// layout on white: each table group starts a page, and a table breaks across
/// pages only when it is longer than about half a page.
package enum ReportHTMLStyle {
    /// The CSS text, inlined in a `<style>` element.
    package static let css = """
        :root{--fg:#18212b;--muted:#5d6876;--bg:#f5f6f8;--panel:#fff;--rule:#e2e6eb;--accent:#3b5ce4;\
        --pv:#4c6ef5;--vs:#f08c00;--va:rgba(240,140,0,.13);--bar:#e7ecff;--good:#14804a;--bad:#c4321f;\
        --ok-bg:#e2f4e9;--warn-bg:#fdeae7}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e9ed;--muted:#9aa5b2;--bg:#0f1217;--panel:#171b21;\
        --rule:#2a313a;--accent:#8ea2ff;--va:rgba(240,140,0,.2);--bar:#243056;--good:#4ccb8a;--bad:#ff8a7a;\
        --ok-bg:#173324;--warn-bg:#3d1f1b}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:var(--bg);color:var(--fg);\
        font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        .page{max-width:1120px;margin:0 auto;padding:28px 24px 32px}
        .masthead{display:flex;flex-wrap:wrap;align-items:flex-end;justify-content:space-between;gap:10px 16px;\
        margin-bottom:22px}
        .eyebrow{margin:0;color:var(--accent);font-size:.75rem;font-weight:700;letter-spacing:.08em;\
        text-transform:uppercase}
        h1{margin:2px 0 0;font-size:2rem;line-height:1.2;overflow-wrap:anywhere}
        .when{margin:4px 0 0;color:var(--muted)}
        .badge{display:inline-block;margin:0;padding:4px 12px;border-radius:999px;font-size:.8rem;font-weight:600}
        .badge.ok{background:var(--ok-bg);color:var(--good)}
        .badge.warn{background:var(--warn-bg);color:var(--bad)}
        h2{font-size:1.15rem;margin:0 0 12px}
        h3{font-size:.95rem;margin:0 0 8px}
        .compare{margin:0 0 8px;color:var(--muted);font-size:.85rem}
        .kpis{display:grid;gap:12px;grid-template-columns:repeat(4,minmax(0,1fr))}
        .kpis.k6{grid-template-columns:repeat(3,minmax(0,1fr))}
        .kpi,.panel{background:var(--panel);border:1px solid var(--rule);border-radius:12px}
        .kpi{padding:14px 16px}
        .kpi .label{color:var(--muted);font-size:.75rem;font-weight:600;letter-spacing:.05em;text-transform:uppercase}
        .kpi .value{margin-top:2px;font-size:1.9rem;font-weight:700;line-height:1.25;font-variant-numeric:tabular-nums;\
        overflow-wrap:anywhere}
        .delta{margin-top:2px;font-size:.85rem;font-weight:600;font-variant-numeric:tabular-nums}
        .delta.good{color:var(--good)}.delta.bad{color:var(--bad)}.delta.flat,.delta.moved,.delta.new{color:var(--muted)}
        .delta.new{font-weight:500;font-style:italic}
        .was{color:var(--muted);font-weight:400}
        .vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .panel{padding:16px 18px}
        .traffic{margin-top:20px}
        .chart{margin:0}
        .plot{display:grid;grid-template-columns:auto minmax(0,1fr);gap:10px}
        .yaxis{position:relative;min-width:2.2em;height:240px;color:var(--muted);font-size:.75rem;\
        font-variant-numeric:tabular-nums}
        .yaxis span{position:absolute;right:0;line-height:1;transform:translateY(50%)}
        .canvas{position:relative;min-width:0;padding-bottom:24px}
        .canvas svg{display:block;width:100%;height:240px;overflow:visible}
        .grid{stroke:var(--rule);stroke-width:1;vector-effect:non-scaling-stroke}
        .base{stroke:var(--muted);stroke-width:1;vector-effect:non-scaling-stroke}
        .pv{fill:var(--pv)}
        .va{fill:var(--va)}
        .vs{fill:none;stroke:var(--vs);stroke-width:3;stroke-linejoin:round;stroke-linecap:round;\
        vector-effect:non-scaling-stroke}
        .xaxis{position:absolute;left:0;right:0;bottom:0;height:18px;color:var(--muted);font-size:.75rem}
        .xaxis span{position:absolute;top:0;transform:translateX(-50%);white-space:nowrap}
        .nodata{position:absolute;top:40%;left:0;right:0;margin:0;text-align:center;color:var(--muted)}
        .legend{display:flex;flex-wrap:wrap;align-items:center;gap:4px 18px;margin-top:10px;color:var(--muted);\
        font-size:.85rem}
        .sw{display:inline-block;width:12px;height:12px;margin-right:6px;border-radius:3px;vertical-align:-1px}
        .sw.pv{background:var(--pv)}
        .sw.vs{height:4px;border-radius:2px;vertical-align:3px;background:var(--vs)}
        .tz{margin-left:auto}
        .group{margin-top:28px}
        .tables{display:grid;gap:16px;grid-template-columns:repeat(auto-fill,minmax(min(100%,400px),1fr));\
        align-items:start}
        .top.wide{grid-column:1/-1}
        table{width:100%;table-layout:fixed;border-collapse:separate;border-spacing:0 3px;font-size:.875rem}
        th{padding:2px 8px;color:var(--muted);font-size:.78rem;font-weight:600;text-align:left}
        td{padding:4px 8px;vertical-align:top}
        th.num,td.num{width:6.2em;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        td.k{border-radius:6px;overflow-wrap:anywhere;\
        background:linear-gradient(90deg,var(--bar) var(--p),transparent var(--p))}
        .none{margin:12px 0 0;color:var(--muted);font-size:.85rem}
        footer{margin-top:32px;padding-top:12px;border-top:1px solid var(--rule);color:var(--muted);font-size:.8rem}
        @media (max-width:720px){
        .page{padding:18px 12px 24px}
        h1{font-size:1.5rem}
        .kpis,.kpis.k6{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
        .kpi{padding:10px 12px}
        .kpi .value{font-size:1.45rem}
        .panel{padding:14px 12px}
        .yaxis,.canvas svg{height:180px}
        .xaxis .minor{display:none}
        .tz{margin-left:0}
        th.num,td.num{width:5.9em}
        .was{display:block}
        }
        @media print{
        :root{--fg:#000;--muted:#444;--bg:#fff;--panel:#fff;--rule:#bbb;--accent:#2b48c0;--va:rgba(240,140,0,.15);\
        --bar:#e4e9fd;--good:#0d6b3b;--bad:#a8281a;--ok-bg:#fff;--warn-bg:#fff}
        body{background:#fff;font-size:10pt}
        .page{max-width:none;padding:0}
        .badge{border:1px solid currentColor}
        .kpis.k6{grid-template-columns:repeat(3,minmax(0,1fr))}
        .kpi,.traffic,.top.short,tr{break-inside:avoid}
        h2,h3{break-after:avoid}
        .group{break-before:page}
        thead{display:table-header-group}
        .pv,.va,.vs,.sw,td.k{print-color-adjust:exact;-webkit-print-color-adjust:exact}
        }

        """
}

import SafeGridHTMLKit

/// The web app's one style sheet, served from `/static/safegrid.css` (the policy allows no
/// inline style): the rules every SafeGrid page shares (the kit's), then the app's own,
/// readable on a phone held in one hand and on A4 when printed.
enum WebStyle {
    static let css = [HTMLStyle.base, HTMLStyle.palette, HTMLStyle.charts, HTMLStyle.venueColourBadges, own].joined(separator: "\n")

    private static let own = """
        *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; font: 16px/1.5 \(HTMLStyle.cjkSansFonts), system-ui, sans-serif; color: var(--ink); background: #fafafa; }
        a { color: #0b57d0; }
        header.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .5rem 1rem; background: #12355b; color: #fff; }
        header.bar a { color: #fff; text-decoration: none; }
        header.bar .brand { font-weight: 700; }
        header.bar nav { display: flex; gap: 1rem; flex-wrap: wrap; }
        header.bar .who { margin-left: auto; display: flex; gap: .5rem; align-items: center; font-size: .9rem; }
        header.bar form { margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #d0d0d0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef2f7; }
        td.num, th.num { text-align: right; }
        .scroll { overflow-x: auto; }
        .figures { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0 0 1rem; padding: 0; list-style: none; }
        .figures li { background: #fff; border: 1px solid #d0d0d0; border-radius: .4rem; padding: .5rem .8rem; min-width: 8rem; }
        .figures b { display: block; font-size: 1.4rem; }
        .error { color: #a30000; background: #fdecec; border: 1px solid #f3b5b5; padding: .5rem .75rem; border-radius: .3rem; }
        .notice { background: #eef7ee; border: 1px solid #b6dcb6; padding: .5rem .75rem; border-radius: .3rem; }
        form.login, form.stack { display: grid; gap: .75rem; max-width: 24rem; }
        label { display: grid; gap: .25rem; }
        input, select, textarea, button { font: inherit; padding: .45rem .6rem; border: 1px solid #a0a0a0; border-radius: .3rem; max-width: 100%; }
        button { background: #12355b; color: #fff; border-color: #12355b; cursor: pointer; }
        header.bar button { background: transparent; border-color: #fff; padding: .2rem .6rem; }
        .actions { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
        .actions form { background: #fff; border: 1px solid #d0d0d0; border-radius: .4rem; padding: .75rem; display: grid; gap: .5rem; }
        .badge { display: inline-block; padding: 0 .4rem; border-radius: .3rem; font-size: .85rem; color: #fff; }
        .badge.honour { background: var(--honour); } .badge.warning { background: var(--warning); }
        form.params { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
        form.params label { min-width: 12rem; }
        .muted { color: #666; font-size: .9rem; }
        code { background: #eee; padding: .1rem .3rem; border-radius: .2rem; word-break: break-all; }
        img.photo { max-width: 100%; height: auto; border: 1px solid #ccc; }
        figure { margin: 0; }
        .photos { display: grid; gap: .5rem; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); }
        svg { max-width: 100%; height: auto; }
        @media (max-width: 40rem) {
            main { padding: .5rem; }
            th, td { padding: .25rem .3rem; font-size: .9rem; }
            header.bar .who { margin-left: 0; }
        }
        @page { size: A4; margin: 15mm; }
        @media print {
            body { background: #fff; font-size: 11pt; }
            header.bar, form, .no-print { display: none !important; }
            main { max-width: none; padding: 0; }
            a { color: inherit; text-decoration: none; }
            th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            tr { break-inside: avoid; }
            table { font-size: 8.5pt; }
            th, td { padding: 1pt 3pt; }
            th { white-space: nowrap; }
            .figures li { padding: 2pt 6pt; min-width: 0; }
        }
        """
}

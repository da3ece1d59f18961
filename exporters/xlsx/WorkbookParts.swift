import Foundation
import SafeGridCore
import SafeGridHTMLKit

/// The fixed parts of the package: content types, relationships, properties, the workbook
/// with its sheet list, and the styles the cells refer to by `CellStyle`.
enum WorkbookParts {
    private static let prolog = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The path of sheet `number` (from 1).
    static func sheetPath(_ number: Int) -> String { "xl/worksheets/sheet\(number).xml" }

    static func contentTypes(sheetCount: Int) -> String {
        var xml = prolog + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml +=
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for number in 1...max(sheetCount, 1) {
            xml +=
                #"<Override PartName="/\#(sheetPath(number))" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        xml +=
            #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        xml +=
            #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
        xml +=
            #"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
        return xml + "</Types>"
    }

    static let packageRelationships =
        prolog
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipTypes)/officeDocument" Target="xl/workbook.xml"/>"#
        + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
        + #"<Relationship Id="rId3" Type="\#(relationshipTypes)/extended-properties" Target="docProps/app.xml"/>"#
        + "</Relationships>"

    /// Title, author, language and the document's own time (not the clock: output is
    /// deterministic).
    static func coreProperties(title: String, language: DisplayLanguage, created: Date) -> String {
        var xml = prolog
        xml += #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#
        xml += #" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/""#
        xml += #" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
        xml += "<dc:title>\(title.markupEscaped)</dc:title><dc:creator>SafeGrid</dc:creator>"
        xml += "<dc:language>\(language.rawValue)</dc:language>"
        if created.timeIntervalSince1970.isFinite, abs(created.timeIntervalSince1970) < 1e11 {
            let stamp = created.iso8601
            xml += #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:created>"#
            xml += #"<dcterms:modified xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:modified>"#
        }
        return xml + "</cp:coreProperties>"
    }

    static let appProperties =
        prolog
        + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#
        + "<Application>SafeGrid</Application></Properties>"

    static func workbook(sheetNames: [String]) -> String {
        var xml = prolog + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipTypes)">"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, name) in sheetNames.enumerated() {
            xml += #"<sheet name="\#(name.markupEscaped)" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xml + "</sheets></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var xml = prolog + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for number in 1...max(sheetCount, 1) {
            xml +=
                #"<Relationship Id="rId\#(number)" Type="\#(relationshipTypes)/worksheet" Target="worksheets/sheet\#(number).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(max(sheetCount, 1) + 1)" Type="\#(relationshipTypes)/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    /// The number formats and cell formats, in `CellStyle` order.
    static let styles: String = {
        var xml = prolog + #"<styleSheet xmlns="\#(mainNamespace)">"#
        xml += #"<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/>"#
        xml +=
            #"<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>"#
        xml += #"<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        xml += #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        xml += #"<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        xml +=
            #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        xml += #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        xml += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        let formats: [(style: CellStyle, xf: String)] = [
            (.plain, #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#),
            (.header, #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#),
            (.percent, #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#),
            (.dateTime, #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#),
            (.date, #"<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#),
            (.title, #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#),
            (
                .rightText,
                #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right"/></xf>"#
            ),
        ]
        xml += #"<cellXfs count="\#(formats.count)">"# + formats.map(\.xf).joined() + "</cellXfs>"
        xml += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        return xml + "</styleSheet>"
    }()
}

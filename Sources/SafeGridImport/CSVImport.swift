/// The CSV importers: each reads one kind of file into the values the engine stores, checking
/// the whole file before anything is stored, so a file with any bad row imports nothing.
///
/// Every problem is a `SafeGridError` `invalid-csv` naming FILE:LINE:COLUMN and the column
/// (see ``CSVFile``). The importers read text; reading the file and storing the values are the
/// caller's (the CLI's `area import` and `venue import` hand them to `SafeGridEngine.importAreas`
/// and `SafeGridEngine.putVenues`, which store a file's values in one transaction). An importer
/// for another kind of file (people, say) goes here, beside these, on ``CSVFile``.
public enum CSVImport {}

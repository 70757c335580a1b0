// pdfkit (0.14 and later) writes an attachment's AFRelationship, which PDF/A-3 requires; the
// @types/pdfkit release lags and does not list the option yet.
declare namespace PDFKit.Mixins {
  interface PDFAttachmentOptions {
    relationship?: 'Alternative' | 'Data' | 'Source' | 'Supplement' | 'Unspecified';
  }
}

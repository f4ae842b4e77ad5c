/** Files built in memory for tests (the platform's fixtures: hand-written PDFs, DOCX zipped by hand). */
export { makeDocx, makePdf, type PdfRun as PdfText } from '../../../../platform/files/testing/fixtures';

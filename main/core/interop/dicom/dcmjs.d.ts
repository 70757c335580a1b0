// The small part of dcmjs (which ships no types) that the DICOM writer uses.
declare module 'dcmjs' {
  export interface DicomElement {
    vr: string;
    Value: unknown[];
  }
  export type DicomElements = Record<string, DicomElement>;
  interface DicomDictClass {
    meta: DicomElements;
    dict: DicomElements;
    write(options?: { fragmentMultiframe?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: new (meta: DicomElements) => DicomDictClass;
      DicomMessage: { readFile(buffer: ArrayBuffer): DicomDictClass };
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: Record<string, unknown>): DicomElements;
        naturalizeDataset(dataset: DicomElements): Record<string, unknown>;
      };
    };
    log: { setLevel(level: string): void };
  };
  export default dcmjs;
}

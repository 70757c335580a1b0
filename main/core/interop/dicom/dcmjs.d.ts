// The small part of dcmjs (which ships no types) that the DICOM writer uses.
declare module 'dcmjs' {
  export interface DicomElement {
    vr: string;
    Value: unknown[];
  }
  export type DicomElements = Record<string, DicomElement>;
  interface DicomDictClass {
    dict: DicomElements;
    write(options?: { fragmentMultiframe?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: new (meta: DicomElements) => DicomDictClass;
      DicomMessage: { readFile(buffer: ArrayBuffer): { meta: DicomElements; dict: DicomElements } };
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: Record<string, unknown>): DicomElements;
        naturalizeDataset(dataset: DicomElements): Record<string, unknown>;
      };
    };
    log: { setLevel(level: string): void };
  };
  export default dcmjs;
}

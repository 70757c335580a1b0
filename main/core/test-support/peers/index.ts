// The real peers the delivery is tested against (see docs/testing-peers.md): Orthanc + DICOMweb
// behind nginx TLS, an in-process validating FHIR R4 server, and helpers to talk to them.
export { startOrthanc, type OrthancPeer, type StartOrthancOptions } from './orthanc';
export { startFhirServer, indexR4Definitions, validateWrite, type FhirPeer, type StartFhirServerOptions } from './fhir-server';
export { peerRequest, basicAuth, type PeerRequest, type PeerResponse } from './http';
export { stowBody, multipartParts, stowOutcome, dicomJsonValues, STOW_ACCEPT, WADO_ACCEPT, type DicomJson } from './dicomweb';
export { makeSampleDicom, wrapJpegAsDicom, type SampleDicom } from './sample-dicom';
export { makeTestCertificates, type TestCertificates } from './tls';
export { startSlowLink, type SlowLink } from './slow-link';
export { startSwift, type SwiftPeer } from './swift';

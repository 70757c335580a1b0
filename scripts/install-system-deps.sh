#!/usr/bin/env bash
# System prerequisites for developing, testing and running the workstation on Debian/Ubuntu.
# Everything comes from the distribution's own repositories; nothing is downloaded from elsewhere.
#   chromium, xvfb         the browser shell and its e2e tests (and a virtual display for them)
#   ffmpeg                 fake-webcam fixtures for Chromium's media stack
#   gphoto2, libgphoto2-6  tethered DSLR/mirrorless cameras
#   strace                 proves in a test that gphoto2 never creates its temp file (docs/cameras.md)
#   gnome-keyring, dbus*, libsecret-tools   the OS keyring (Secret Service) for device key slots
#   orthanc, orthanc-dicomweb, dcmtk, dicom3tools, nginx, openssl   PACS peer, DICOM validation, TLS;
#                          also the DIMSE peers: Orthanc's DICOM port and ModalityWorklists plugin
#                          (bundled with orthanc), dcmtk's wlmscpfs, storescp, dump2dcm, echoscu
#   libjpeg-turbo-progs    jpegtran: lossless rotation of outgoing JPEGs (the app needs it at run time)
#   python3, make, g++     native Node modules (SQLCipher) build from source
#   rsyslog, rsyslog-gnutls   syslog collector over TLS for the audit forwarding tests
#   qpdf, poppler-utils    the consent PDF tests check structure (qpdf --check), render (pdftoppm),
#                          read text (pdftotext) and extract the stroke attachment (pdfdetach)
#   fonts-dejavu-core      the font the consent PDF embeds (Latin, Greek, Cyrillic, Arabic, Hebrew)
#   fonts-noto-cjk         its font for Chinese, Japanese and Korean text (loaded only when needed),
#                          and the app's: patient names in CJK scripts render instead of boxes
#   fonts-noto-core        Noto Sans Arabic (and Hebrew, Devanagari, Thai...): Arabic names and the
#                          Arabic interface render with a font made for them (docs/fonts.md)
#   swift-proxy, swift-account, swift-container, swift-object, memcached, curl   S3 peer (Swift + s3api)
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=DEBIAN_FRONTEND "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  chromium xvfb xauth ffmpeg \
  gphoto2 libgphoto2-6 strace \
  gnome-keyring dbus dbus-x11 libsecret-tools \
  orthanc orthanc-dicomweb dcmtk dicom3tools nginx openssl \
  rsyslog rsyslog-gnutls libjpeg-turbo-progs \
  qpdf poppler-utils fonts-dejavu-core fonts-noto-cjk fonts-noto-core \
  swift-proxy swift-account swift-container swift-object memcached curl \
  python3 make g++ ca-certificates >/dev/null
echo "System prerequisites installed."

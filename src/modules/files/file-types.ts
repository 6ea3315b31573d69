/**
 * What an uploaded file is, decided on its bytes (SPEC §4.7): the first bytes
 * go through `file-type`; the result must be on the allow-list AND agree with
 * the file name's extension. Plain text is accepted only when `file-type`
 * finds nothing, the extension is a text one, the start is not markup or a
 * script, and (checked while streaming, `Utf8Check`) every byte is UTF-8.
 * HTML, SVG, XML, scripts and executables are refused whatever the name.
 */

/** How many bytes decide the type (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

export type AttachmentKind = "image" | "pdf" | "text" | "other";

interface Allowed {
  /** File name extensions these bytes may carry. */
  exts: string[];
  /** The MIME type stored (default: file-type's). */
  mime?: string;
  /** "a PNG image", for messages. */
  label: string;
}

/** file-type's `ext` → what is allowed. */
const BINARY: Record<string, Allowed> = {
  png: { exts: ["png"], label: "a PNG image" },
  apng: { exts: ["png", "apng"], mime: "image/png", label: "a PNG image" },
  jpg: { exts: ["jpg", "jpeg", "jfif"], label: "a JPEG image" },
  gif: { exts: ["gif"], label: "a GIF image" },
  webp: { exts: ["webp"], label: "a WebP image" },
  tif: { exts: ["tif", "tiff"], label: "a TIFF image" },
  bmp: { exts: ["bmp"], label: "a BMP image" },
  heic: { exts: ["heic", "heif"], label: "a HEIC image" },
  avif: { exts: ["avif"], label: "an AVIF image" },
  psd: { exts: ["psd"], label: "a Photoshop document" },
  pdf: { exts: ["pdf"], label: "a PDF document" },
  docx: { exts: ["docx"], label: "a Word document" },
  xlsx: { exts: ["xlsx"], label: "an Excel workbook" },
  pptx: { exts: ["pptx"], label: "a PowerPoint presentation" },
  odt: { exts: ["odt"], label: "an OpenDocument text" },
  ods: { exts: ["ods"], label: "an OpenDocument spreadsheet" },
  odp: { exts: ["odp"], label: "an OpenDocument presentation" },
  zip: { exts: ["zip"], label: "a ZIP archive" },
  mp4: { exts: ["mp4", "m4v", "m4a"], label: "an MP4 video" },
  m4v: { exts: ["m4v", "mp4"], label: "an MP4 video" },
  mov: { exts: ["mov", "qt"], label: "a QuickTime video" },
  webm: { exts: ["webm"], label: "a WebM video" },
  mp3: { exts: ["mp3"], label: "an MP3 audio file" },
  wav: { exts: ["wav"], label: "a WAV audio file" },
  m4a: { exts: ["m4a"], label: "an M4A audio file" },
  ogg: { exts: ["ogg", "oga"], label: "an Ogg audio file" },
  oga: { exts: ["ogg", "oga"], label: "an Ogg audio file" },
  opus: { exts: ["opus", "ogg"], label: "an Opus audio file" },
  flac: { exts: ["flac"], label: "a FLAC audio file" },
};

/** Office and OpenDocument files are ZIP archives; a start file-type can only call "zip" is accepted under their names. */
const ZIP_CONTAINERS: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
};

/** Text extensions → stored MIME type. */
const TEXT: Record<string, string> = {
  txt: "text/plain",
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  json: "text/plain",
  log: "text/plain",
  srt: "text/plain",
  vtt: "text/plain",
};

/** What refused bytes are, for the message (file-type ext → words). */
const DANGEROUS: Record<string, string> = {
  exe: "a Windows executable",
  elf: "a Linux executable",
  macho: "a macOS executable",
  class: "a Java class file",
  jar: "a Java archive",
  apk: "an Android app",
  wasm: "a WebAssembly module",
  swf: "a Flash file",
  xml: "an XML document",
  lnk: "a Windows shortcut",
  reg: "a Windows registry file",
  crx: "a browser extension",
  deb: "a Debian package",
  rpm: "an RPM package",
  dmg: "a disk image",
  cab: "a Windows cabinet archive",
  chm: "a compiled help file",
};

/** Labels for what an extension promises, in refusals ("report.png is not a PNG image"). */
function promiseOf(ext: string): string {
  for (const allowed of Object.values(BINARY)) if (allowed.exts[0] === ext) return allowed.label;
  for (const allowed of Object.values(BINARY)) if (allowed.exts.includes(ext)) return allowed.label;
  if (ZIP_CONTAINERS[ext]) return BINARY[ext]?.label ?? `a .${ext} file`;
  if (TEXT[ext]) return "plain text";
  return `a .${ext} file`;
}

/** Every extension accepted, for the "not allowed" message. */
export const ALLOWED_EXTENSIONS = [...new Set([...Object.values(BINARY).flatMap((a) => a.exts), ...Object.keys(TEXT)])].sort();

/**
 * The WHATWG MIME-sniffing HTML signatures (a browser would render these as
 * HTML), XML and SVG, each followed by a tag-terminating byte where the
 * standard asks for one.
 */
const MARKUP: Array<{ sig: string; terminated: boolean; what: string }> = [
  ...["<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P"].map((sig) => ({ sig, terminated: true, what: "an HTML document" })),
  { sig: "<!--", terminated: false, what: "an HTML document" },
  { sig: "<?XML", terminated: false, what: "an XML document" },
  { sig: "<SVG", terminated: true, what: "an SVG image" },
];

/** What a text start really is when a browser could run it (HTML, SVG, XML, a script), else undefined. */
export function sniffMarkup(head: Buffer): string | undefined {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  if (head[i] === 0x23 && head[i + 1] === 0x21) return "a script (it starts with #!)";
  while (i < head.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(head[i])) i++;
  const start = head.subarray(i, i + 64).toString("latin1").toUpperCase();
  for (const m of MARKUP) {
    if (!start.startsWith(m.sig)) continue;
    const next = start.charCodeAt(m.sig.length);
    if (!m.terminated || next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f || Number.isNaN(next)) {
      // An XML document that is an SVG image is called that.
      if (m.what === "an XML document" && /<svg[\s>]/i.test(head.toString("latin1"))) return "an SVG image";
      return m.what;
    }
  }
  if (/<svg[\s>]/i.test(head.subarray(0, SNIFF_BYTES).toString("latin1")) && /^\s*</.test(start)) return "an SVG image";
  return undefined;
}

export interface DecidedType {
  mimeType: string;
  kind: AttachmentKind;
  /** Text: the rest of the bytes must be valid UTF-8 (checked while streaming). */
  text: boolean;
}

export class TypeRefusal extends Error {}

export const extensionOf = (fileName: string) => {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
};

export function kindOf(mimeType: string): AttachmentKind {
  if (["image/png", "image/jpeg", "image/gif", "image/webp"].includes(mimeType)) return "image";
  if (mimeType === "application/pdf") return "pdf";
  if (mimeType.startsWith("text/")) return "text";
  return "other";
}

/**
 * Decides the type of a file from its first bytes and its name; throws a
 * TypeRefusal with the message for the 415 when it is not allowed.
 */
export async function decideType(fileName: string, head: Buffer): Promise<DecidedType> {
  const ext = extensionOf(fileName);
  const known = Boolean(ext) && (ALLOWED_EXTENSIONS.includes(ext) || Boolean(ZIP_CONTAINERS[ext]));
  const markup = sniffMarkup(head);
  const { fileTypeFromBuffer } = await import("file-type");
  const detected = await fileTypeFromBuffer(head);
  const refuse = (what: string) => new TypeRefusal(known ? `${fileName} is not ${promiseOf(ext)}: its bytes are ${what}` : `${fileName} is refused: its bytes are ${what}`);
  // What can run (in a browser or on a computer) is named as such, whatever the file is called.
  if (detected && DANGEROUS[detected.ext]) throw refuse(`${detected.ext === "xml" && markup ? markup : DANGEROUS[detected.ext]}, which is never accepted`);
  if ((!detected || detected.ext === "vtt") && markup) throw refuse(`${markup}; HTML, SVG, XML and scripts are never accepted`);
  if (!known) {
    throw new TypeRefusal(`${fileName}: ${ext ? `.${ext} files are` : "files without an extension are"} not accepted. Accepted: ${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(", ")}`);
  }
  if (!detected || detected.ext === "vtt") {
    if (!TEXT[ext]) throw refuse("not a recognised file type");
    return { mimeType: TEXT[ext], kind: "text", text: true };
  }
  const allowed = BINARY[detected.ext];
  if (!allowed) throw refuse(`${detected.ext.toUpperCase()} data (${detected.mime}), which is not accepted`);
  if (allowed.exts.includes(ext)) {
    const mimeType = allowed.mime ?? detected.mime;
    return { mimeType, kind: kindOf(mimeType), text: false };
  }
  if (detected.ext === "zip" && ZIP_CONTAINERS[ext]) return { mimeType: ZIP_CONTAINERS[ext], kind: "other", text: false };
  throw refuse(allowed.label);
}

/** Validates UTF-8 chunk by chunk (a character split between chunks is fine); `end()` catches a truncated last one. */
export class Utf8Check {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  /** False once a byte sequence was not UTF-8. */
  valid = true;
  push(chunk: Buffer): boolean {
    if (!this.valid) return false;
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
    return this.valid;
  }
  end(): boolean {
    if (!this.valid) return false;
    try {
      this.decoder.decode();
    } catch {
      this.valid = false;
    }
    return this.valid;
  }
}

/** Whether a browser may show the type inline (preview): images it renders, and PDF. */
export const isInlineType = (mimeType: string) => kindOf(mimeType) === "image" || mimeType === "application/pdf";

/** Whether the thumbnail job makes a thumbnail for this type. */
export const hasThumbnail = (mimeType: string) => ["image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff"].includes(mimeType);

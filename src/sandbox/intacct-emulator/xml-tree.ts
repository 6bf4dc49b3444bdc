/** One element of a parsed request, children in document order (order matters for DTD validation). */
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Concatenated text content directly inside this element (trimmed). */
  text: string;
}

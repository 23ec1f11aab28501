/**
 * TextChange says what an edit replaced in a file's previous text: the new text is
 * `previousText[0, start) + text + previousText[previousEnd, …)`. It lets the validator parse again
 * only the documents the edit touched, without reading the rest of either text.
 */
export interface TextChange {
  /** The text the edit applied to (compared by identity: a change for another text is ignored). */
  previousText: string;
  /** Offset where the replaced part starts, the same in both texts. */
  start: number;
  /** Offset where the replaced part ended in the previous text. */
  previousEnd: number;
  /** What replaced it. */
  text: string;
}

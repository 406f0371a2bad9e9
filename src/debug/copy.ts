/**
 * Put text on the clipboard: the async Clipboard API where the page allows it (secure context,
 * permission), else the old select-and-copy on a hidden textarea. Resolves with whether it worked.
 */
export const copyText = async (text: string, root: ShadowRoot): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.className = 'cp';
    area.setAttribute('aria-hidden', 'true');
    root.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
};

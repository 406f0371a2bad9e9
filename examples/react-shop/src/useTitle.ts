import { useEffect } from 'react';

/** Set the document title for a view. Call it first in the view, so events tracked in the view's own effects carry the new title. */
export const useTitle = (title: string) => {
  useEffect(() => {
    document.title = title;
  }, [title]);
};

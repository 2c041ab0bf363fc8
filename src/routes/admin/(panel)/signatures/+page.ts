// Links and plain forms only, nothing to hydrate: the list is sent as HTML without the app's scripts.
export const csr = false;

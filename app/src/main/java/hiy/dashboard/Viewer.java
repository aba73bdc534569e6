package hiy.dashboard;

import hiy.sshd.Identity;

/** Who a logged-in page is for: the session's user with their rights as they are now, and the session's CSRF token. */
record Viewer(Identity who, String csrf) {
}

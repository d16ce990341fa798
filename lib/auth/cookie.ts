// Name of the session cookie. Pure, so proxy.ts can read it without the database layer.
export const SESSION_COOKIE = "critic_session";

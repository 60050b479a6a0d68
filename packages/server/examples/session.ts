// A stand-in for the partner's own session store, so the mounts beside it run in tests: the cookie
// `session=alice` is a user of the company named by EXAMPLE_COMPANY_ID. Not part of any snippet.
export async function sessionUser(cookie: string | null): Promise<{ id: string; codatCompanyId: string } | null> {
  const companyId = process.env.EXAMPLE_COMPANY_ID;
  return companyId && /(?:^|;\s*)session=alice(?:;|$)/.test(cookie ?? '') ? { id: 'alice', codatCompanyId: companyId } : null;
}

/** The port a mount listens on (the tests choose one). */
export const port = Number(process.env.PORT ?? 3000);

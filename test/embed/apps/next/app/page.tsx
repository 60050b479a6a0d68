import Link from 'next/link';
import { CodatConnections } from '@codat-connections/widget/react';

// A server component: it renders the wrapper, a client component, with serializable props only.
// `?theme=dark` renders it again on the server, and React gives the element the new property.
export default async function Page({ searchParams }: { searchParams: Promise<{ theme?: string }> }) {
  const { theme } = await searchParams;
  return (
    <main>
      <Link href="/?theme=dark">Dark theme</Link>
      <CodatConnections tokenUrl="/api/codat/token" theme={theme === 'dark' ? 'dark' : 'light'} />
    </main>
  );
}

import Link from 'next/link';
import { CodatConnections } from '@codat-connections/widget/react';

// The same page, with its backend mounted by the Pages Router (pages/api/pages-codat/[...path].ts).
export default async function Page({ searchParams }: { searchParams: Promise<{ theme?: string }> }) {
  const { theme } = await searchParams;
  return (
    <main>
      <Link href="/pages-router?theme=dark">Dark theme</Link>
      <CodatConnections tokenUrl="/api/pages-codat/token" theme={theme === 'dark' ? 'dark' : 'light'} />
    </main>
  );
}

import type { ReactNode } from 'react';
import { Waymark } from './waymark';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <Waymark />
      </body>
    </html>
  );
}

import { AgreementReport } from "@/components/agreement/agreement-report";

export const metadata = { title: "Agreement" };

export default function Page() {
  return <AgreementReport />;
}

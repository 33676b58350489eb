// Federation peer: Apollo Gateway composing the two subgraphs at start-up (IntrospectAndCompose), so no supergraph
// file or composition tool is needed. Started by the side-by-side benchmark after both subgraphs answer.
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: [
      { name: 'police-hrss', url: process.env.POLICE_HRSS_URL },
      { name: 'tax', url: process.env.TAX_URL },
    ],
  }),
});

const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(process.env.PORT) } });
console.log(`federation gateway at ${url}`);
